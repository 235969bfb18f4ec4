package io.leansandbox.engine;

import io.leansandbox.engine.config.ContainerLimits;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.config.SettingsException;
import io.leansandbox.engine.config.UnsafeSettings;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.testing.ReliabilityRows;
import io.leansandbox.engine.testing.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static io.leansandbox.engine.testing.LeanInputs.directive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Settings that weaken the sandbox stop the engine from starting, unless allowed; allowed, they take effect. */
class GuardrailsIT {

    private static final ReliabilityRows rows = ReliabilityRows.forSuite("guardrails");

    @AfterAll
    static void writeRows() {
        rows.close();
    }

    @Test
    void eachRiskySettingIsRefusedAtStart() {
        refused("docker.user: 0:0", l -> with(l, "0:0", l.networkDisabled(), l.readOnlyRoot(), l.memoryBytes()), "docker.allow_root_user");
        refused("docker.network_disabled: false", l -> with(l, l.user(), false, l.readOnlyRoot(), l.memoryBytes()), "docker.allow_network");
        refused("docker.read_only: false", l -> with(l, l.user(), l.networkDisabled(), false, l.memoryBytes()), "docker.allow_writable_root");
        refused("memory_limit: 99999999g", l -> with(l, l.user(), l.networkDisabled(), l.readOnlyRoot(), 99999999L << 30),
                "docker.allow_limits_beyond_host");
    }

    @Test
    void rootAllowedExplicitlyRunsTheCodeAsRoot() {
        var l = TestEngines.docker(1).limits();
        Settings settings = TestEngines.docker(1).toBuilder().limits(with(l, "0:0", true, true, l.memoryBytes()))
                .unsafe(new UnsafeSettings(true, false, false, false)).build();
        try (LeanSandbox engine = LeanSandbox.start(settings)) {
            String ps = engine.run(directive("ps")).diagnostics().stream().map(Diagnostic::message).collect(Collectors.joining("\n"));
            assertThat(ps).containsPattern("\\n\\d+ 0 .*repl");
        }
    }

    private static void refused(String setting, UnaryOperator<ContainerLimits> change, String flag) {
        Settings settings = TestEngines.docker(1).toBuilder().limits(change.apply(TestEngines.docker(1).limits())).build();
        Throwable refusal = catchThrowable(() -> LeanSandbox.start(settings).close());
        boolean held = refusal instanceof SettingsException && refusal.getMessage().contains(flag);
        rows.add("bad input (configuration)", "risky setting " + setting + ", not allowed",
                held ? "refused at start, naming " + flag : String.valueOf(refusal), held);
        assertThat(refusal).isInstanceOf(SettingsException.class).hasMessageContaining(flag);
    }

    private static ContainerLimits with(ContainerLimits l, String user, boolean networkDisabled, boolean readOnly, long memory) {
        return new ContainerLimits(memory, l.cpus(), l.pidsLimit(), l.nofile(), l.fsizeBytes(), l.tmpfsBytes(), l.writableDirs(),
                readOnly, networkDisabled, user, l.shmBytes(), l.runtime(), l.resetMemorySlackBytes());
    }
}
