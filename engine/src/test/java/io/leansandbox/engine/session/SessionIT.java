package io.leansandbox.engine.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.InvalidSourceException;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.testing.LeanInputs;
import io.leansandbox.engine.testing.TestEngines;
import io.leansandbox.engine.testing.Transcripts;
import io.leansandbox.engine.testing.Transcripts.Transcript;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.leansandbox.engine.testing.LeanInputs.directive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sessions through the Docker backend; Lean's answers come from recorded transcripts. */
class SessionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private LeanSandbox engine;

    private LeanSandbox engine(int poolSize, int maxSandboxes, SessionSettings sessions) {
        Settings settings = TestEngines.docker(poolSize).toBuilder()
                .timeout(Duration.ofSeconds(3))
                .pool(new PoolSettings(true, poolSize, Duration.ofSeconds(300), 2, maxSandboxes, Duration.ofSeconds(60)))
                .sessions(sessions)
                .build();
        engine = LeanSandbox.start(settings);
        return engine;
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** The code of command {@code i} of a transcript. */
    private static String cmd(Transcript t, int i) throws Exception {
        return JSON.readTree(t.commands().get(i)).get("cmd").asText();
    }

    @Test
    void definitionsCarryOverAndSurviveATimeout() throws Exception {
        // trace_simp: def f; @[simp] f_def about f; set_option; `simp` then rewrites with f_def.
        Transcript t = Transcripts.named("trace_simp");
        SessionManager sessions = engine(1, 2, SessionSettings.DEFAULT).sessions();
        String id = sessions.open(null).id();

        assertThat(sessions.run(id, cmd(t, 0), EnvChoice.LATEST).answer().raw()).isEqualTo(JSON.readTree(t.answers().get(0)));
        assertThat(sessions.run(id, cmd(t, 1), EnvChoice.LATEST).answer().raw()).isEqualTo(JSON.readTree(t.answers().get(1)));

        SessionReply timedOut = sessions.run(id, directive("hang"), EnvChoice.LATEST);
        assertThat(timedOut.result().status()).isEqualTo(Status.TIMEOUT);
        assertThat(timedOut.notice()).contains("replayed").contains("2 earlier commands").contains("kept");

        assertThat(sessions.run(id, cmd(t, 2), EnvChoice.LATEST).answer().raw()).isEqualTo(JSON.readTree(t.answers().get(2)));
        SessionReply usesEarlierDefinitions = sessions.run(id, cmd(t, 3), EnvChoice.LATEST);
        assertThat(usesEarlierDefinitions.answer().raw()).isEqualTo(JSON.readTree(t.answers().get(3)));
        assertThat(usesEarlierDefinitions.result().diagnostics().get(0).message()).contains("f_def");
    }

    @Test
    void aFailedReplayResetsTheSessionAndSaysSo() {
        SessionManager sessions = engine(1, 2, SessionSettings.DEFAULT).sessions();
        String id = sessions.open("replay-fails").id();
        // Accepted the first time; on replay the marker exists and the REPL exits instead of answering.
        SessionReply first = sessions.run(id, directive("exit-if-exists /tmp/marker 3") + directive("touch /tmp/marker"), EnvChoice.LATEST);
        assertThat(first.answer()).isNotNull();

        SessionReply timedOut = sessions.run(id, directive("hang"), EnvChoice.LATEST);
        assertThat(timedOut.result().status()).isEqualTo(Status.TIMEOUT);
        assertThat(timedOut.notice()).contains("the session was reset").contains("command 1").contains("gone");
        assertThat(sessions.list()).singleElement().satisfies(s -> {
            assertThat(s.commands()).isZero();
            assertThat(s.latestEnv()).isNull();
        });
        assertThat(sessions.run(id, LeanInputs.accepted(), EnvChoice.LATEST).result().status()).isEqualTo(Status.SUCCESS);
    }

    @Test
    void tacticModeFollowsProofStates() throws Exception {
        // readme: a sorry hands out proof state 0; tactics advance it until the proof is complete.
        Transcript t = Transcripts.named("readme");
        SessionManager sessions = engine(1, 2, SessionSettings.DEFAULT).sessions();
        String id = sessions.open(null).id();
        SessionReply withSorry = sessions.run(id, cmd(t, 0), EnvChoice.LATEST);
        int state = withSorry.result().sorries().get(0).proofState();
        SessionReply step = sessions.tactic(id, state, "apply Int.natAbs");
        assertThat(step.answer().goals()).containsExactly("x : Unit\n⊢ Int");
        SessionReply done = sessions.tactic(id, step.answer().proofState(), "exact -37");
        assertThat(done.answer().proofStatus()).isEqualTo("Completed");
        assertThat(done.answer().goals()).isEmpty();
    }

    @Test
    void badInputIsAClearErrorAndDisturbsNothingElse() {
        SessionManager sessions = engine(1, 3, new SessionSettings(2, Duration.ofMinutes(10))).sessions();
        String good = sessions.open("good").id();
        sessions.run(good, LeanInputs.accepted(), EnvChoice.LATEST);

        assertThatThrownBy(() -> sessions.run("nobody", LeanInputs.accepted(), EnvChoice.LATEST))
                .isInstanceOf(UnknownSessionException.class).hasMessageContaining("'nobody'");
        assertThatThrownBy(() -> sessions.tactic("nobody", 0, "rfl")).isInstanceOf(UnknownSessionException.class);

        SessionReply unknownState = sessions.tactic(good, 99, "rfl");
        assertThat(unknownState.result().status()).isEqualTo(Status.ERROR);
        assertThat(unknownState.result().stderr()).contains("Unknown proof state");
        assertThat(unknownState.notice()).isNull();

        assertThatThrownBy(() -> sessions.run(good, "", EnvChoice.LATEST)).isInstanceOf(InvalidSourceException.class);
        assertThatThrownBy(() -> sessions.open("bad id!")).hasMessageContaining("bad session id");

        String second = sessions.open(null).id();
        assertThatThrownBy(() -> sessions.open(null))
                .isInstanceOf(SessionLimitException.class).hasMessageContaining("max_sessions = 2");
        sessions.close(second);
        assertThatThrownBy(() -> sessions.close(second)).isInstanceOf(UnknownSessionException.class);

        // The good session kept its state through all of that: one accepted command, env 0.
        assertThat(sessions.list()).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("good");
            assertThat(s.commands()).isEqualTo(1);
            assertThat(s.latestEnv()).isZero();
        });
    }

    @Test
    void sixteenSessionsTimesTwentyCommandsInParallelKeepEachSessionsOrder() throws Exception {
        SessionManager sessions = engine(4, 16, new SessionSettings(16, Duration.ofMinutes(10))).sessions();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<List<Integer>>> envs = new ArrayList<>();
            for (int s = 0; s < 16; s++) {
                String id = "s" + s;
                envs.add(threads.submit(() -> {
                    sessions.open(id);
                    List<Integer> seen = new ArrayList<>();
                    for (int c = 0; c < 20; c++) {
                        seen.add(sessions.run(id, "def x" + c + " := " + c, EnvChoice.LATEST).answer().env());
                    }
                    return seen;
                }));
            }
            List<Integer> expected = java.util.stream.IntStream.range(0, 20).boxed().toList();
            for (Future<List<Integer>> f : envs) {
                // The REPL numbers environments in the order it receives commands.
                assertThat(f.get()).isEqualTo(expected);
            }
            assertThat(sessions.list()).hasSize(16).allSatisfy(s -> assertThat(s.commands()).isEqualTo(20));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void concurrentCallsOnOneSessionAreServedInArrivalOrder() throws Exception {
        SessionManager sessions = engine(1, 2, SessionSettings.DEFAULT).sessions();
        String id = sessions.open(null).id();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            Future<SessionReply> holder = threads.submit(() -> sessions.run(id, directive("sleep 1500"), EnvChoice.LATEST));
            while (!sessions.serving(id)) {
                Thread.sleep(1);
            }
            List<Future<SessionReply>> queued = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                int call = k;
                queued.add(threads.submit(() -> sessions.run(id, "def queued" + call + " := 0", EnvChoice.LATEST)));
                // The next call arrives only once this one is queued.
                while (sessions.waitingCalls(id) < k + 1) {
                    Thread.sleep(1);
                }
            }
            assertThat(holder.get().answer().env()).isZero();
            for (int k = 0; k < 5; k++) {
                assertThat(queued.get(k).get().answer().env()).as("call " + k).isEqualTo(k + 1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void idleSessionsExpireAndGiveTheirSandboxBack() throws Exception {
        LeanSandbox e = engine(1, 1, new SessionSettings(4, Duration.ofMillis(800)));
        String id = e.sessions().open(null).id();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (e.sessions().isOpen(id) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(e.sessions().isOpen(id)).isFalse();
        assertThatThrownBy(() -> e.sessions().run(id, LeanInputs.accepted(), EnvChoice.LATEST)).isInstanceOf(UnknownSessionException.class);
        // The only sandbox came back (reset) and serves a one-off run.
        assertThat(e.run(LeanInputs.accepted()).status()).isEqualTo(Status.SUCCESS);
    }
}
