package io.leansandbox.engine.sandbox.docker;

import io.leansandbox.engine.config.ContainerLimits;
import io.leansandbox.engine.config.SettingsException;
import io.leansandbox.engine.config.UnsafeSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardrailsTest {

    private static final Guardrails.HostCapacity HOST = new Guardrails.HostCapacity(8L << 30, 4);
    private static final ContainerLimits SAFE = ContainerLimits.DEFAULT;

    @Test
    void theDefaultsPassWithoutAWarning() {
        assertThat(Guardrails.check(List.of(SAFE), UnsafeSettings.NONE, HOST)).isEmpty();
    }

    @Test
    void eachRiskIsRefusedNamingItAndTheFlagThatAllowsIt() {
        assertRefused(limits(0, true, true, SAFE.memoryBytes(), 0.5), "docker.user: 0:0", "docker.allow_root_user");
        assertRefused(limits(1000, false, true, SAFE.memoryBytes(), 0.5), "docker.network_disabled: false", "docker.allow_network");
        assertRefused(limits(1000, true, false, SAFE.memoryBytes(), 0.5), "docker.read_only: false", "docker.allow_writable_root");
        assertRefused(limits(1000, true, true, 99999999L << 30, 0.5), "above the Docker host's", "docker.allow_limits_beyond_host");
        assertRefused(limits(1000, true, true, SAFE.memoryBytes(), 64), "docker.cpu_limit: 64.0", "docker.allow_limits_beyond_host");
    }

    @Test
    void anAllowedRiskIsNamedInAWarning() {
        var allowRoot = new UnsafeSettings(true, false, false, false);
        assertThat(Guardrails.check(List.of(limits(0, true, true, SAFE.memoryBytes(), 0.5)), allowRoot, HOST))
                .singleElement().asString().contains("UNSAFE", "docker.allow_root_user", "runs the code as root");
        assertThat(Guardrails.check(List.of(limits(0, false, false, SAFE.memoryBytes(), 0.5)), UnsafeSettings.ALL, HOST)).hasSize(3);
    }

    @Test
    void oneFlagAllowsOnlyItsOwnRisk() {
        var allowNetwork = new UnsafeSettings(false, true, false, false);
        assertThatThrownBy(() -> Guardrails.check(List.of(limits(0, false, true, SAFE.memoryBytes(), 0.5)), allowNetwork, HOST))
                .hasMessageContaining("docker.allow_root_user");
    }

    @Test
    void aMemoryLimitAnImageChoseAboveTheHostIsRefusedNamingTheLabelAndTheSettingToSet() {
        var fromLabel = new Guardrails.Checked(limits(1000, true, true, 12L << 30, 0.5),
                "label io.leansandbox.suggested-memory of the image lean-sandbox:mathlib");
        assertThatThrownBy(() -> Guardrails.checkAll(List.of(fromLabel), UnsafeSettings.NONE, HOST))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("memory limit 12g (label io.leansandbox.suggested-memory of the image lean-sandbox:mathlib)")
                .hasMessageContaining("above the Docker host's 8g")
                .hasMessageContaining("set docker.memory_limit")
                .hasMessageContaining("docker.allow_limits_beyond_host");
    }

    private static void assertRefused(ContainerLimits limits, String setting, String flag) {
        assertThatThrownBy(() -> Guardrails.check(List.of(limits), UnsafeSettings.NONE, HOST))
                .isInstanceOf(SettingsException.class).hasMessageContaining(setting).hasMessageContaining(flag)
                .hasMessageContaining("docker.allow_unsafe_settings");
    }

    private static ContainerLimits limits(int uid, boolean networkDisabled, boolean readOnly, long memory, double cpus) {
        ContainerLimits d = ContainerLimits.DEFAULT;
        return new ContainerLimits(memory, cpus, d.pidsLimit(), d.nofile(), d.fsizeBytes(), d.tmpfsBytes(), d.writableDirs(),
                readOnly, networkDisabled, uid + ":" + uid, d.shmBytes(), d.runtime(), d.resetMemorySlackBytes());
    }
}
