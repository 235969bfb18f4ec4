package io.leansandbox.engine.session;

import io.leansandbox.engine.GoalsAtRun;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.RunOptions;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.lean.GoalsAtReply;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.session.TacticOutcome.Kind;
import io.leansandbox.engine.testing.LeanInputs;
import io.leansandbox.engine.testing.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.leansandbox.engine.testing.LeanInputs.directive;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several tactics on one proof state at once, through the Docker backend and the stand-in image.
 *
 * <p>What is measured here is real: the proof state is pickled by the session's REPL, the pickle's
 * bytes are read out of the session's sandbox and written into others (the stand-in's unpickling
 * fails on a missing or altered file, see docker/standin/README.md), and the tactics run at the
 * same time. What is not Lean's: the stand-in answers a pickling, an unpickling and a tactic with
 * its defaults ("Completed", no goals); the tactics' own outcomes here come from their directives
 * ({@code sleep}, {@code say}). The proof state itself comes from transcript proof_step
 * ({@code def f : Nat := by sorry}, proof state 0 with goal {@code ⊢ Nat}), and the goals of
 * goals-at from the recorded info trees of transcripts infotree and infotree_theorem.
 */
class ParallelTacticsIT {

    private static LeanSandbox engine;
    private String session;

    @BeforeAll
    static void start() {
        engine = LeanSandbox.start(TestEngines.docker(4).toBuilder()
                .pool(new PoolSettings(true, 4, Duration.ofSeconds(300), 4, 8, Duration.ofSeconds(60)))
                .build());
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @AfterEach
    void closeSession() {
        if (session != null && engine.sessions().isOpen(session)) {
            engine.sessions().close(session);
        }
    }

    /** A session holding proof state 0 of transcript proof_step. */
    private SessionManager proofStep() {
        SessionManager sessions = engine.sessions();
        session = sessions.open(null).id();
        SessionReply started = sessions.run(session, LeanInputs.firstCommandOf("proof_step"), EnvChoice.LATEST);
        assertThat(started.result().sorries()).singleElement().satisfies(s -> {
            assertThat(s.proofState()).isZero();
            assertThat(s.goal()).isEqualTo("⊢ Nat");
        });
        return sessions;
    }

    private static String slow(int ms, String say) {
        return directive("sleep " + ms) + directive("say " + say) + "skip";
    }

    @Test
    void fourTacticsOfOneAndAHalfSecondsTakeAboutTheSlowestNotTheirSum() {
        SessionManager sessions = proofStep();
        List<String> tactics = List.of(slow(1500, "info attempt 1"), slow(1500, "error unknown identifier 'nope'"),
                slow(1500, "info attempt 3"), slow(1500, "info attempt 4"));

        long start = System.nanoTime();
        TacticAttempts tried = sessions.tactics(session, 0, tactics);
        Duration wall = Duration.ofNanos(System.nanoTime() - start);

        Duration sum = tried.attempts().stream().map(TacticAttempt::elapsed).reduce(Duration.ZERO, Duration::plus);
        assertThat(sum).isGreaterThanOrEqualTo(Duration.ofMillis(6000));
        assertThat(wall).as("wall %s for attempts summing to %s", wall, sum).isLessThan(Duration.ofMillis(4000));
        assertThat(tried.repls()).as("REPLs that held the proof state").isGreaterThanOrEqualTo(3);
        assertThat(tried.notice()).isNull();

        // Each answer is its own tactic's, in the order given (the texts come from the say directives).
        assertThat(tried.attempts()).extracting(TacticAttempt::index).containsExactly(0, 1, 2, 3);
        assertThat(tried.attempts()).extracting(TacticAttempt::tactic).containsExactlyElementsOf(tactics);
        for (int i : List.of(0, 2, 3)) {
            TacticOutcome outcome = tried.attempts().get(i).outcome();
            assertThat(outcome.messages()).extracting(TacticOutcome.Message::text).contains("attempt " + (i + 1));
            assertThat(outcome.hasVerdict()).isTrue();
        }
        TacticOutcome failed = tried.attempts().get(1).outcome();
        assertThat(failed.kind()).isEqualTo(Kind.FAILED);
        // The stand-in places a directive's report on its own line of the tactic (the real REPL says 0:0: nowhere).
        assertThat(failed.reason()).isEqualTo("at 2:0 of the tactic: unknown identifier 'nope'");
        assertThat(failed.messages()).filteredOn(m -> m.severity() == Severity.ERROR).hasSize(1);

        // Only the session's own REPL hands out proof states the session has.
        assertThat(tried.attempts()).anyMatch(TacticAttempt::inSession).anyMatch(a -> !a.inSession());
        tried.attempts().stream().filter(a -> !a.inSession()).forEach(a -> assertThat(a.outcome().proofState()).isNull());

        // The proof state tried on stays valid: the REPL (transcript proof_step) continues from it.
        SessionReply again = sessions.tactic(session, 0, directive("say info still here") + "skip");
        assertThat(TacticOutcome.of(again).kind()).as("%s", again).isNotEqualTo(Kind.NO_VERDICT);
    }

    @Test
    void oneTacticRunsOnTheSessionsReplAlone() {
        SessionManager sessions = proofStep();
        TacticAttempts tried = sessions.tactics(session, 0, List.of(slow(10, "info only")));
        assertThat(tried.repls()).isEqualTo(1);
        assertThat(tried.attempts()).singleElement().satisfies(a -> {
            assertThat(a.inSession()).isTrue();
            assertThat(a.outcome().proofState()).as("a proof state of the session").isNotNull();
        });
    }

    @Test
    void tacticsOnAProofStateTheReplNeverHandedOutAreNoVerdict() {
        SessionManager sessions = proofStep();
        // The REPL refuses to pickle proof state 9 ("Unknown proof State."), so the tactics go to the
        // session's REPL one after another, which refuses each ("Unknown proof state.", transcript unknown_proof_state).
        TacticAttempts tried = sessions.tactics(session, 9, List.of("rfl", "simp"));
        assertThat(tried.repls()).isEqualTo(1);
        assertThat(tried.attempts()).allSatisfy(a -> {
            assertThat(a.outcome().kind()).isEqualTo(Kind.NO_VERDICT);
            assertThat(a.outcome().reason()).isEqualTo("the REPL refused the tactic: Unknown proof state.");
        });
    }

    @Test
    void goalsAtFromTheRecordedInfoTreesInASessionAndOnARepOfItsOwn() throws Exception {
        // infotree: {"cmd": "def f (h : Int) : Nat := by constructor", "infotree": "substantive"}
        SessionManager sessions = engine.sessions();
        session = sessions.open(null).id();
        GoalsAtReply inSession = sessions.goalsAt(null, session, LeanInputs.firstCommandOf("infotree"), 1, 30, "substantive",
                RunOptions.DEFAULT);
        assertThat(inSession.goals().found()).isTrue();
        assertThat(inSession.goals().goalsBefore()).containsExactly("h : Int\n⊢ Nat");
        assertThat(inSession.goals().goalsAfter()).isEmpty();
        assertThat(inSession.result().diagnostics()).singleElement()
                .satisfies(d -> assertThat(d.message()).startsWith("Variable name `h` is not explicitly referenced."));
        assertThat(sessions.list()).singleElement().satisfies(s -> assertThat(s.latestEnv()).as("an aside").isNull());

        // infotree_theorem: {"cmd": "theorem show_p (p: Prop) (h : p) : p := by exact h", "infotree": "full"}
        GoalsAtReply once = GoalsAtRun.once(engine, LeanInputs.firstCommandOf("infotree_theorem"), 1, null, "full");
        assertThat(once.sessionId()).isNull();
        assertThat(once.goals().tactics()).singleElement().satisfies(t -> assertThat(t.pp()).isEqualTo("by exact h"));
        assertThat(once.goals().goalsBefore()).containsExactly("p : Prop\nh : p\n⊢ p");
        assertThat(once.goals().goalsAfter()).isEmpty();
    }
}
