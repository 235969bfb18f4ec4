package io.leansandbox.mcp;

import io.leansandbox.engine.result.RunResult;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's parsing and error handling; nothing here reaches a sandbox. */
class CommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = LeanSandboxCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(LeanSandboxCli.withDefaultCommand(args));
    }

    @Test
    void serveIsTheDefaultCommand() {
        assertThat(LeanSandboxCli.withDefaultCommand(new String[0])).containsExactly("serve");
        assertThat(LeanSandboxCli.withDefaultCommand(new String[] {"--image", "x"})).containsExactly("serve", "--image", "x");
        assertThat(LeanSandboxCli.withDefaultCommand(new String[] {"check", "a.lean"})).containsExactly("check", "a.lean");
        assertThat(LeanSandboxCli.withDefaultCommand(new String[] {"--help"})).containsExactly("--help");
        assertThat(LeanSandboxCli.withDefaultCommand(new String[] {"-V"})).containsExactly("-V");
    }

    @Test
    void versionAndHelpSucceed() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("lean-sandbox ");
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("serve", "check", "run", "eval", "setup").doesNotContain("cds-training");
    }

    @Test
    void serveAloneHasACommandLineOfItsOwnWithTheSameMessages() {
        CommandLine serve = LeanSandboxCli.serveCommandLine();
        serve.setOut(new PrintWriter(out, true));
        serve.setErr(new PrintWriter(err, true));
        assertThat(serve.execute("--timeout", "0")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("lean-sandbox serve: --timeout must be a positive number of seconds, got 0\n");
        assertThat(serve.execute("--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).contains("lean-sandbox serve: Unknown option: '--no-such-option' (see --help)");
    }

    @Test
    void setupTakesItsOptions() {
        assertThat(run("setup", "--help")).isZero();
        assertThat(out.toString()).contains("--mathlib", "--image", "--rebuild");
        assertThat(run("setup", "--nope")).isEqualTo(2);
        assertThat(err.toString()).startsWith("lean-sandbox setup: Unknown option: '--nope'");
    }

    @Test
    void checkWithoutFilesIsAUsageError() {
        assertThat(run("check")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("lean-sandbox check: Missing required parameter: 'FILE' (see --help)\n");
    }

    @Test
    void checkOfAMissingFileFailsBeforeAnySandboxStarts() {
        assertThat(run("check", "--image", "no-such/image:anywhere", "no-such-file.lean")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("lean-sandbox check: no such file: no-such-file.lean (see --help)\n");
    }

    @Test
    void anUnknownBackendIsAUsageError() {
        assertThat(run("run", "--backend", "podman", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("'--backend'", "podman").doesNotContain("\tat ");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThat(run("serve", "--timeout", "0")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("lean-sandbox serve: --timeout must be a positive number of seconds, got 0\n");
    }

    @Test
    void emptyCodeIsRefusedBeforeAnySandboxStarts() {
        assertThat(run("run", "--image", "no-such/image:anywhere", "  ")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("lean-sandbox run: the source is empty\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void codeFromStdinMustBeUtf8() {
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream(new byte[] {'d', 'e', 'f', (byte) 0xC3, (byte) 0x28}));
        try {
            assertThat(run("run", "--image", "no-such/image:anywhere", "-")).isEqualTo(2);
        } finally {
            System.setIn(stdin);
        }
        assertThat(err.toString()).startsWith("lean-sandbox run: the source is not valid UTF-8");
    }

    @Test
    void engineOptionsBecomeSettings() {
        EngineOptions options = new EngineOptions();
        new CommandLine(options).parseArgs("--image", "img:1", "--backend", "LOCAL", "--timeout", "7", "--pool-size", "3");
        var settings = options.settings(0);
        assertThat(settings.image()).isEqualTo("img:1");
        assertThat(settings.backend()).isEqualTo(io.leansandbox.engine.config.Backend.LOCAL);
        assertThat(settings.timeout()).hasSeconds(7);
        assertThat(settings.pool().size()).isEqualTo(3);
        assertThat(settings.pool().pooling()).isTrue();
    }

    @Test
    void withoutOptionsTheEngineDefaultsHoldExceptTheCommandsPoolSize() {
        var defaults = io.leansandbox.engine.config.Settings.defaults();
        var settings = new EngineOptions().settings(0);
        assertThat(settings.image()).isEqualTo(defaults.image());
        assertThat(settings.backend()).isEqualTo(defaults.backend());
        assertThat(settings.timeout()).isEqualTo(defaults.timeout());
        assertThat(settings.pool().pooling()).isFalse();
        assertThat(new EngineOptions().settings(defaults.pool().size()).pool()).isEqualTo(defaults.pool());
    }

    @Test
    void thePoolSizeHelpStatesTheEnginesDefault() {
        String description = String.join(" ",
                new CommandLine(new ServeCommand()).getCommandSpec().findOption("--pool-size").description());
        assertThat(description).contains("docker.pool_size, " + io.leansandbox.engine.config.Settings.defaults().pool().size() + ", for serve");
    }

    @Test
    void checkReportsStatusTimeAndEachDiagnosticWithTheFileName() {
        assertThat(CheckCommand.report("src/B.lean", Results.leanError())).containsExactly(
                "src/B.lean: ERROR (7 ms)",
                "src/B.lean:1:15: error: unsolved goals\n⊢ Nat");
        assertThat(CheckCommand.report("A.lean", Results.success())).containsExactly("A.lean: SUCCESS (42 ms)");
    }

    @Test
    void exitCodesSeparateVerdictsFromBrokenRuns() {
        assertThat(ExitCodes.of(Results.success())).isZero();
        assertThat(ExitCodes.of(Results.withSorry())).as("a sorry is a warning, as for `lean FILE`").isZero();
        assertThat(ExitCodes.of(Results.leanError())).isEqualTo(1);
        assertThat(ExitCodes.of(Results.program("", "", 3, false))).isEqualTo(1);
        RunResult broken = Results.infrastructureError("no sandbox");
        assertThat(ExitCodes.of(broken)).isEqualTo(2);
    }
}
