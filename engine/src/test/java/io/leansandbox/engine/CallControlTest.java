package io.leansandbox.engine;

import io.leansandbox.engine.config.Backend;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.lean.ImportPolicy;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.session.EnvChoice;
import io.leansandbox.engine.session.SessionManager;
import io.leansandbox.engine.session.SessionReply;
import io.leansandbox.engine.session.UnknownSessionException;
import io.leansandbox.engine.testing.LeanInputs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.leansandbox.engine.testing.LeanInputs.directive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a caller controls of its own call ({@link RunOptions}): cancellation, its timeout, progress;
 * and whose sessions are whose. On the local backend with the stand-in toolchain (fault directives
 * only, no verdicts), so that it runs without Docker; the same agent runs in containers.
 */
class CallControlTest {

    private static final Duration MAX = Duration.ofSeconds(4);
    /** Code that may run code takes a fresh REPL in a sandbox of the main pool (code without it, a warm REPL). */
    private static final String FRESH_REPL = "#eval 0\n";
    private static LeanSandbox engine;
    private static final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void start() throws InterruptedException {
        Settings settings = Settings.defaults().toBuilder()
                .backend(Backend.LOCAL)
                .environment(java.util.List.of(io.leansandbox.engine.testing.TestEngines.FREE_COSTS))
                .importPolicy(ImportPolicy.OPEN)
                .timeout(MAX)
                .pool(new PoolSettings(true, 2, Duration.ofSeconds(300), 2, 3, Duration.ofSeconds(30)))
                .build();
        engine = LeanSandbox.start(settings);
        awaitIdle(2, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        later.shutdownNow();
        engine.close();
    }

    @Test
    void aCancelledRunStopsAtOnceAndItsSandboxServesAgainWithinASecond() throws Exception {
        awaitIdle(2, Duration.ofSeconds(5));
        long retired = engine.poolStats().retired();
        long created = engine.poolStats().created();
        Cancellation cancellation = Cancellation.create();
        later.schedule(() -> cancellation.cancel("enough"), 300, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        assertThatThrownBy(() -> engine.run(FRESH_REPL + directive("hang"), RunOptions.of(null, cancellation, null)))
                .isInstanceOf(CancelledException.class).hasMessage("enough");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        long cancelled = System.nanoTime();
        awaitIdle(2, Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(1));
        assertThat(engine.poolStats().retired()).as("reset, not removed").isEqualTo(retired);
        assertThat(engine.poolStats().created()).isEqualTo(created);
        assertThat(engine.run(LeanInputs.accepted()).status()).isEqualTo(Status.SUCCESS);
    }

    @Test
    void aProgramRunAndAWarmCheckAreCancelledToo() throws Exception {
        Cancellation program = Cancellation.create();
        later.schedule(() -> program.cancel(null), 300, TimeUnit.MILLISECONDS);
        assertThatThrownBy(() -> engine.run("def main : IO Unit := pure ()\n" + directive("hang"), RunOptions.of(null, program, null)))
                .isInstanceOf(CancelledException.class);

        // On a warm REPL (the source has an import header): the REPL is recycled, not kept for the next check.
        // First one warm REPL, cleaned and idle, so that the cancelled check takes it rather than queueing.
        engine.run("import Lean\ntheorem t : True := trivial");
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (engine.warmStats().idle() < 1 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        Cancellation warm = Cancellation.create();
        later.schedule(() -> warm.cancel(null), 300, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        long recycled = engine.warmStats().recycled();
        assertThatThrownBy(() -> engine.run("import Lean\n" + directive("hang"), RunOptions.of(null, warm, null)))
                .isInstanceOf(CancelledException.class);
        assertThat(engine.warmStats().recycled()).isEqualTo(recycled + 1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        awaitIdle(2, Duration.ofSeconds(2));
    }

    @Test
    void aBurstOfCancelledCallsLeavesThePoolAtItsSize() throws Exception {
        awaitIdle(2, Duration.ofSeconds(5));
        Cancellation cancellation = Cancellation.create(); // one for all three
        List<CompletableFuture<RunResult>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> engine.run(FRESH_REPL + directive("hang"), RunOptions.of(null, cancellation, null))));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (engine.poolStats().alive() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
        assertThat(engine.poolStats().alive()).as("three runs, three sandboxes").isEqualTo(3);
        cancellation.cancel(null);
        for (CompletableFuture<RunResult> call : calls) {
            assertThatThrownBy(() -> call.get(2, TimeUnit.SECONDS)).hasCauseInstanceOf(CancelledException.class);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while ((engine.poolStats().alive() != 2 || engine.poolStats().idle() != 2) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(engine.poolStats().alive()).as("back to the pool's size: %s", engine.poolStats()).isEqualTo(2);
        assertThat(engine.poolStats().idle()).isEqualTo(2);
    }

    @Test
    void aCallCancelledBeforeItStartsNeverTakesASandbox() {
        Cancellation cancellation = Cancellation.create();
        cancellation.cancel("too late");
        long created = engine.poolStats().created();
        assertThatThrownBy(() -> engine.run(LeanInputs.accepted(), RunOptions.of(null, cancellation, null)))
                .isInstanceOf(CancelledException.class).hasMessage("too late");
        assertThat(engine.poolStats().created()).isEqualTo(created);
    }

    @Test
    void aCallsOwnTimeoutIsCappedByTheConfiguredOne() {
        long start = System.nanoTime();
        RunResult short_ = engine.run(directive("hang"), RunOptions.of(Duration.ofMillis(500), null, null));
        assertThat(short_.status()).isEqualTo(Status.TIMEOUT);
        assertThat(short_.stderr()).contains("time limit of 500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));

        RunResult capped = engine.run(directive("hang"), RunOptions.of(Duration.ofHours(1), null, null));
        assertThat(capped.stderr()).contains("time limit of " + MAX.toMillis() + " ms");
    }

    @Test
    void phasesAreReportedInOrder() {
        List<RunPhase> phases = new CopyOnWriteArrayList<>();
        // Code without imports: on a warm REPL of the empty header (QUEUED, ELABORATING), or on one that
        // first elaborates it, or, all of those busy, on a fresh REPL (QUEUED, STARTING, ELABORATING).
        engine.run(directive("sleep 10"), RunOptions.of(null, null, phases::add));
        assertThat(phases).isSubsetOf(RunPhase.QUEUED, RunPhase.STARTING, RunPhase.IMPORTING_HEADER, RunPhase.ELABORATING)
                .startsWith(RunPhase.QUEUED).endsWith(RunPhase.ELABORATING).doesNotHaveDuplicates();
        assertThat(phases).isSortedAccordingTo(java.util.Comparator.naturalOrder());

        phases.clear();
        engine.run("import Std\n" + directive("import-cost 10") + "def g := 2", RunOptions.of(null, null, phases::add));
        assertThat(phases).containsSubsequence(RunPhase.QUEUED, RunPhase.IMPORTING_HEADER, RunPhase.ELABORATING);
    }

    @Test
    void aCancelledSessionCommandLeavesTheSessionUsableAndTheNextReplySaysItWasRestored() throws Exception {
        SessionManager sessions = engine.sessions();
        String id = sessions.open("owner-a", null, RunOptions.DEFAULT).id();
        try {
            assertThat(sessions.run("owner-a", id, "def f := 37", EnvChoice.LATEST, RunOptions.DEFAULT).answer().env()).isEqualTo(0);
            Cancellation cancellation = Cancellation.create();
            CompletableFuture<SessionReply> hanging = CompletableFuture.supplyAsync(() ->
                    sessions.run("owner-a", id, directive("hang"), EnvChoice.LATEST, RunOptions.of(null, cancellation, null)));
            Thread.sleep(300);
            // A second command queues behind the hanging one; the cancel frees it at once.
            long start = System.nanoTime();
            CompletableFuture<SessionReply> next = CompletableFuture.supplyAsync(() ->
                    sessions.run("owner-a", id, "def g := 1", EnvChoice.LATEST, RunOptions.DEFAULT));
            Thread.sleep(200);
            cancellation.cancel(null);
            assertThatThrownBy(() -> hanging.get(2, TimeUnit.SECONDS)).hasCauseInstanceOf(CancelledException.class);
            SessionReply reply = next.get(2, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
            assertThat(reply.notice()).contains("cancelled").contains("replayed").contains("kept");
            assertThat(reply.answer().env()).as("the replay handed out env 0 again; this command gets the next").isEqualTo(1);
            SessionReply after = sessions.run("owner-a", id, "def h := 2", EnvChoice.LATEST, RunOptions.DEFAULT);
            assertThat(after.notice()).isNull();
        } finally {
            sessions.close("owner-a", id);
        }
    }

    @Test
    void sessionsBelongToTheirOwnerAndIdsAreScopedByOwner() {
        SessionManager sessions = engine.sessions();
        sessions.open("alice", "main", RunOptions.DEFAULT);
        try {
            assertThat(sessions.isOpen("bob", "main")).isFalse();
            assertThat(sessions.list("bob")).isEmpty();
            assertThatThrownBy(() -> sessions.run("bob", "main", "def x := 1", EnvChoice.LATEST, RunOptions.DEFAULT))
                    .isInstanceOf(UnknownSessionException.class);
            assertThatThrownBy(() -> sessions.close("bob", "main")).isInstanceOf(UnknownSessionException.class);
            assertThatThrownBy(() -> sessions.close("main")).as("nor the owner-less").isInstanceOf(UnknownSessionException.class);

            sessions.open("bob", "main", RunOptions.DEFAULT); // the same name, another session
            assertThat(sessions.list("alice")).extracting(s -> s.id()).containsExactly("main");
            assertThat(sessions.list("bob")).extracting(s -> s.id()).containsExactly("main");
            sessions.close("bob", "main");
            assertThat(sessions.isOpen("alice", "main")).isTrue();
        } finally {
            sessions.close("alice", "main");
        }
    }

    private static void awaitIdle(int n, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (engine.poolStats().idle() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the pool has " + engine.poolStats() + ", not " + n + " idle, after " + within.toMillis() + " ms");
            }
            Thread.sleep(10);
        }
    }
}
