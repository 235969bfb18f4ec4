package io.leansandbox.engine;

import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.testing.ReliabilityRows;
import io.leansandbox.engine.testing.SecondDaemon;
import io.leansandbox.engine.testing.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.leansandbox.engine.testing.LeanInputs.directive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A Docker daemon that stops answering is named as such, not taken for a full pool, and the engine
 * serves again once it answers. Against the second daemon CI starts (scripts/second-dockerd.sh), which
 * this test pauses with SIGSTOP.
 */
class DockerTroubleIT {

    private static final ReliabilityRows rows = ReliabilityRows.forSuite("docker-trouble");

    @AfterAll
    static void writeRows() {
        rows.close();
    }

    @Test
    void aPausedDaemonIsReportedAsNotAnsweringAndServingResumesAfter() throws Exception {
        SecondDaemon daemon = SecondDaemon.required();
        Settings settings = TestEngines.docker(1).toBuilder().dockerHost(daemon.host())
                .timeout(Duration.ofSeconds(2)).agentGrace(Duration.ofSeconds(1)).dockerApiTimeout(Duration.ofSeconds(3))
                .pool(new PoolSettings(true, 1, Duration.ofSeconds(300), 1, 1, Duration.ofSeconds(3))).build();
        try (LeanSandbox engine = LeanSandbox.start(settings)) {
            assertThat(engine.run(directive("sleep 1")).status()).isEqualTo(Status.SUCCESS);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (engine.poolStats().idle() < 1 && System.nanoTime() < until) {
                Thread.sleep(20); // its reset done, so that the next call takes it at once
            }
            RunResult inFlight;
            Throwable waiting;
            daemon.pause();
            try {
                CompletableFuture<RunResult> first = CompletableFuture.supplyAsync(() -> engine.run(directive("sleep 10")));
                Thread.sleep(300);
                waiting = catchThrowable(() -> engine.run(directive("sleep 10")));
                inFlight = first.get(30, TimeUnit.SECONDS);
            } finally {
                daemon.resume();
            }
            boolean named = inFlight.status() == Status.INFRASTRUCTURE_ERROR && inFlight.stderr().contains("is not answering");
            rows.add("fault", "Docker daemon paused (SIGSTOP) with a run in flight", named
                    ? "INFRASTRUCTURE_ERROR naming the daemon as not answering" : inFlight.status() + " " + inFlight.stderr(), named);
            boolean notBusy = waiting instanceof SandboxUnavailableException && !(waiting instanceof SandboxBusyException)
                    && waiting.getMessage().contains("is not answering");
            rows.add("fault", "Docker daemon paused, a caller waiting for a sandbox",
                    notBusy ? "told the daemon is not answering, not that the pool is busy" : String.valueOf(waiting), notBusy);
            assertThat(inFlight.status()).isEqualTo(Status.INFRASTRUCTURE_ERROR);
            assertThat(inFlight.stderr()).contains("the Docker daemon at " + daemon.host() + " is not answering");
            assertThat(waiting).isInstanceOf(SandboxUnavailableException.class).isNotInstanceOf(SandboxBusyException.class)
                    .hasMessageContaining("is not answering");

            RunResult after = retryUntilServed(engine);
            rows.add("fault", "Docker daemon resumed", "the next call: " + after.status(), after.status() == Status.SUCCESS);
            assertThat(after.status()).isEqualTo(Status.SUCCESS);
        }
    }

    /** The pool rebuilds in the background once the daemon answers: the first call may still find it empty. */
    static RunResult retryUntilServed(LeanSandbox engine) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                RunResult r = engine.run(directive("sleep 1"));
                if (r.status() == Status.SUCCESS) {
                    return r;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the engine did not serve again within 30 s", last);
    }
}
