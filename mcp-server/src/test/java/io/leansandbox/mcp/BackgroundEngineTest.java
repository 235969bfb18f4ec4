package io.leansandbox.mcp;

import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.SandboxUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting the engine off the caller's thread; only failing starts, since a real start needs Docker. */
class BackgroundEngineTest {

    @Test
    void startReturnsAtOnceAndRunsWaitForTheStartToEnd() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BackgroundEngine engine = BackgroundEngine.start(() -> {
            await(release);
            throw new SandboxUnavailableException("Docker is not reachable");
        }, Duration.ofSeconds(30));

        CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
            try {
                engine.run("def f := 37");
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        Thread.sleep(200);
        assertThat(run).as("a run waits while the engine starts").isNotDone();

        release.countDown();
        assertThat(run.get(10, TimeUnit.SECONDS))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessage("Docker is not reachable");
        engine.close();
    }

    @Test
    void aFailedStartFailsEveryRunWithItsCause() {
        BackgroundEngine engine = BackgroundEngine.start(() -> {
            throw new IllegalStateException("no such backend");
        }, Duration.ofSeconds(5));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> engine.run("x"))
                    .isInstanceOf(SandboxUnavailableException.class)
                    .hasMessage("the Lean engine could not start: no such backend");
        }
        engine.close();
    }

    @Test
    void aStartThatTakesTooLongFailsTheRunSayingSo() {
        CountDownLatch never = new CountDownLatch(1);
        BackgroundEngine engine = BackgroundEngine.start(() -> {
            await(never);
            return (LeanSandbox) null;
        }, Duration.ofMillis(100));
        assertThatThrownBy(() -> engine.run("x"))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("did not start within");
        engine.close();
        never.countDown();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFailedStartIsReportedToWhoeverAsks() throws Exception {
        BackgroundEngine engine = BackgroundEngine.start(() -> {
            throw new SandboxUnavailableException("the image 'x' is not in the Docker daemon");
        }, Duration.ofSeconds(5));
        CompletableFuture<Throwable> reported = new CompletableFuture<>();
        engine.whenStartFails(reported::complete);
        assertThat(reported.get(10, TimeUnit.SECONDS)).hasMessage("the image 'x' is not in the Docker daemon");
        CompletableFuture<Throwable> late = new CompletableFuture<>();
        engine.whenStartFails(late::complete);
        assertThat(late).as("asked after the failure, told at once").isDone();
        engine.close();
    }

    @Test
    void everyEngineCallOfTheToolsWaitsForTheStartAndFailsWithItsCause() {
        BackgroundEngine engine = BackgroundEngine.start(() -> {
            throw new SandboxUnavailableException("no Docker");
        }, Duration.ofSeconds(5));
        java.util.List<Runnable> calls = java.util.List.of(
                () -> engine.openSession(null), () -> engine.isSessionOpen("s"), () -> engine.runInSession("s", "x"),
                () -> engine.applyTactic("s", 0, "rfl"), () -> engine.closeSession("s"), engine::sessions,
                () -> engine.grade(io.leansandbox.engine.grading.Submission.ofCode("x", null, 100),
                        io.leansandbox.engine.grading.Trust.FAST, null), engine::maxSourceBytes, engine::goldAvailable, engine::status);
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOf(SandboxUnavailableException.class).hasMessage("no Docker");
        }
        engine.close();
    }

    @Test
    void whileTheImageIsBeingBuiltCallsAreToldAtOnceAndStatusShowsTheBuild() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        StartProgress progress = StartProgress.silent();
        BackgroundEngine engine = BackgroundEngine.start(p -> {
            p.building("lean-sandbox:0.1.0", null);
            p.step(new io.leansandbox.engine.sandbox.docker.ImageBuilder.Step(3, 12, "RUN make"));
            p.onCancel(cancelled::countDown);
            await(cancelled);
            throw new SandboxUnavailableException("the build of the image lean-sandbox:0.1.0 was cancelled");
        }, progress, Duration.ofSeconds(30), null, Duration.ZERO);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (progress.building().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        long started = System.nanoTime();
        assertThatThrownBy(() -> engine.run("def f := 37"))
                .isInstanceOf(ImageBeingBuiltException.class)
                .hasMessageStartingWith("the Lean image lean-sandbox:0.1.0 is being built: step 3/12 (RUN make), ")
                .hasMessageEndingWith(" so far; try again in a moment");
        assertThatThrownBy(() -> engine.openSession(null)).isInstanceOf(ImageBeingBuiltException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("no waiting for the build").isLessThan(2000);

        for (io.leansandbox.engine.EngineStatus status : java.util.List.of(engine.status(), engine.forCall(CallContext.NONE).status())) {
            assertThat(status.backend()).isEqualTo("docker image lean-sandbox:0.1.0 (being built)");
            assertThat(status.leanVersion()).startsWith("not known yet: the Lean image lean-sandbox:0.1.0 is being built: step 3/12");
            assertThat(status.pool().alive()).isZero();
            assertThat(status.sessions()).isEmpty();
        }

        long closing = System.nanoTime();
        engine.close();
        assertThat(cancelled.getCount()).as("closing cancels the build").isZero();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing)).isLessThan(5000);
        assertThatThrownBy(() -> engine.run("x")).isInstanceOf(SandboxUnavailableException.class).hasMessageContaining("cancelled");
    }

    @Test
    void theStartWaitsForItsGateOrForTheGatesTimeToPass() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<Long> startedAt = new CompletableFuture<>();
        BackgroundEngine engine = BackgroundEngine.start(p -> {
            startedAt.complete(System.nanoTime());
            throw new SandboxUnavailableException("no Docker");
        }, StartProgress.silent(), Duration.ofSeconds(5), gate, Duration.ofSeconds(30));
        Thread.sleep(200);
        assertThat(startedAt).as("the gate holds the start").isNotDone();
        long opened = System.nanoTime();
        gate.complete(null);
        assertThat(startedAt.get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(opened);
        engine.close();

        CompletableFuture<Long> late = new CompletableFuture<>();
        long begun = System.nanoTime();
        BackgroundEngine timed = BackgroundEngine.start(p -> {
            late.complete(System.nanoTime());
            throw new SandboxUnavailableException("no Docker");
        }, StartProgress.silent(), Duration.ofSeconds(5), new CompletableFuture<Void>(), Duration.ofMillis(300));
        assertThat(TimeUnit.NANOSECONDS.toMillis(late.get(5, TimeUnit.SECONDS) - begun)).as("a gate that never opens").isBetween(250L, 4000L);
        timed.close();
    }
}
