package io.leansandbox.engine;

import io.leansandbox.engine.config.Backend;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.lean.ImportPolicy;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.testing.LeanInputs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.leansandbox.engine.testing.LeanInputs.directive;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local backend, with the stand-in toolchain on this machine's PATH (set by the build):
 * same agent, same results, a temporary directory instead of a container.
 */
class LocalBackendTest {

    private static LeanSandbox engine;

    @BeforeAll
    static void start() {
        Settings settings = Settings.defaults().toBuilder()
                .backend(Backend.LOCAL)
                .environment(java.util.List.of(io.leansandbox.engine.testing.TestEngines.FREE_COSTS))
                .importPolicy(ImportPolicy.OPEN)
                .timeout(Duration.ofSeconds(2))
                .pool(new PoolSettings(true, 1, Duration.ofSeconds(300), 1, 1, Duration.ofSeconds(30)))
                .build();
        engine = LeanSandbox.start(settings);
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void recordedVerdictsComeBack() {
        assertThat(engine.run(LeanInputs.accepted()).status()).isEqualTo(Status.SUCCESS);
        RunResult error = engine.run(LeanInputs.firstCommandOf("incomplete"));
        assertThat(error.status()).isEqualTo(Status.ERROR);
        assertThat(error.exitCode()).isEqualTo(1);
        assertThat(error.diagnostics()).extracting(d -> d.start().toString()).containsExactly("1:15");
    }

    @Test
    void wallClockLimitHolds() {
        RunResult result = engine.run(directive("hang"));
        assertThat(result.status()).isEqualTo(Status.TIMEOUT);
        assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void programsKeepTheirExitCode() {
        RunResult result = engine.run("def main : IO Unit := pure ()\n" + directive("exit 7"));
        assertThat(result.mode()).isEqualTo(RunMode.RUN);
        assertThat(result.exitCode()).isEqualTo(7);
    }

    @Test
    void theScratchDirectoryIsWipedBetweenRuns() {
        engine.run(directive("touch left-behind.txt"));
        RunResult next = engine.run(directive("exists left-behind.txt"));
        assertThat(next.diagnostics().stream().map(Diagnostic::message).collect(Collectors.joining()))
                .contains("left-behind.txt does not exist");
    }

    @Test
    void closingRemovesTheTemporaryDirectories() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Settings settings = engine.settings().toBuilder()
                .pool(new PoolSettings(true, 2, Duration.ofSeconds(300), 2, 2, Duration.ofSeconds(30))).build();
        long before = sandboxDirs(tmp);
        try (LeanSandbox other = LeanSandbox.start(settings)) {
            other.run(LeanInputs.accepted());
            assertThat(sandboxDirs(tmp)).isGreaterThan(before);
        }
        assertThat(sandboxDirs(tmp)).isEqualTo(before);
    }

    private static long sandboxDirs(Path tmp) throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("lean-sandbox-")).count();
        }
    }
}
