package io.leansandbox.engine;

import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.testing.TestEngines;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.Collectors;

import static io.leansandbox.engine.testing.LeanInputs.directive;
import static org.assertj.core.api.Assertions.assertThat;

/** What run A leaves behind in a container is gone when run B gets the same container. */
class IsolationIT {

    @Test
    void filesAndBackgroundProcessesOfOneRunAreGoneForTheNext() {
        var settings = TestEngines.docker(1).toBuilder()
                .pool(new PoolSettings(true, 1, Duration.ofSeconds(300), 1, 1, Duration.ofSeconds(60))).build();
        try (LeanSandbox engine = LeanSandbox.start(settings)) {
            RunResult a = engine.run(directive("touch /tmp/left-by-a") + directive("spawn-background"));
            assertThat(text(a)).contains("/tmp/left-by-a").contains("spawned background process");

            RunResult b = engine.run(directive("exists /tmp/left-by-a") + directive("ps"));
            assertThat(text(b)).contains("/tmp/left-by-a does not exist").doesNotContain("standin-background");

            // Same container for both runs: one was ever created, none retired.
            assertThat(engine.poolStats().created()).isEqualTo(1);
            assertThat(engine.poolStats().retired()).isZero();
        }
    }

    private static String text(RunResult result) {
        return result.diagnostics().stream().map(Diagnostic::message).collect(Collectors.joining("\n"));
    }
}
