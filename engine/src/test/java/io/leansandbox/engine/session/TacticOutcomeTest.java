package io.leansandbox.engine.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.lean.ReplResponse;
import io.leansandbox.engine.lean.ReplResponseParser;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.session.TacticOutcome.Kind;
import io.leansandbox.engine.testing.Transcripts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every kind of answer the real REPL gives to a tactic (recorded transcripts), read the same way:
 * Lean's rejections are FAILED with their reason, whatever their shape; only the REPL's own refusals
 * are no verdict.
 */
class TacticOutcomeTest {

    private static final ReplResponseParser PARSER = new ReplResponseParser(new ObjectMapper());

    @BeforeEach
    void transcripts() {
        assumeTrue(Transcripts.present(), "no transcripts at " + Transcripts.directory());
    }

    /** The outcome of answer {@code i} of a recorded transcript. */
    private static TacticOutcome recorded(String transcript, int i) {
        ReplResponse answer = PARSER.parse(Transcripts.named(transcript).answers().get(i));
        RunResult result = new RunResult(answer.hasErrors() || answer.protocolError() != null ? Status.ERROR : Status.SUCCESS,
                RunMode.CHECK, 0, answer.messages(), answer.sorries(), "", "", false, Duration.ZERO, Duration.ZERO);
        return TacticOutcome.of(new SessionReply("s", result, answer, null));
    }

    @Test
    void anUnknownIdentifierIsAFailedTacticNotAnIncompleteProof() {
        // invalid_tactic: `exact my_fake_premise` -> proofState 1, "Incomplete: contains sorry", an error at 0:0.
        TacticOutcome outcome = recorded("invalid_tactic", 1);
        assertThat(outcome.kind()).isEqualTo(Kind.FAILED);
        assertThat(outcome.reason()).isEqualTo("Unknown identifier `my_fake_premise`");
        assertThat(outcome.proofState()).as("Lean's error recovery is not offered to continue from").isNull();
        assertThat(outcome.goals()).isEmpty();
        assertThat(outcome.messages()).singleElement().satisfies(m -> {
            assertThat(m.severity()).isEqualTo(Severity.ERROR);
            assertThat(m.start()).as("0:0 is no place in the tactic").isNull();
        });
    }

    @Test
    void aTacticThatDoesNotParseIsAFailedTacticAtItsPlaceInTheTactic() {
        // unknown_tactic: `exat 42` -> {"message": "Lean error:\n<input>:1:1: unknown tactic"}
        TacticOutcome outcome = recorded("unknown_tactic", 1);
        assertThat(outcome.kind()).isEqualTo(Kind.FAILED);
        assertThat(outcome.reason()).isEqualTo("at 1:1 of the tactic: unknown tactic");
        assertThat(outcome.messages()).singleElement().satisfies(m -> assertThat(m.start()).isEqualTo(new Position(1, 1)));
    }

    @Test
    void aTacticThatThrowsIsAFailedTactic() {
        // self_proof_check: `exact?` on False -> {"message": "Lean error:\n`exact?` could not close the goal. ..."}
        TacticOutcome outcome = recorded("self_proof_check", 2);
        assertThat(outcome.kind()).isEqualTo(Kind.FAILED);
        assertThat(outcome.reason()).isEqualTo("`exact?` could not close the goal. Try `apply?` to see partial suggestions.");
        // app_type_mismatch2: `apply ?succ` -> "Lean error:\nTactic `apply` failed: ..." over several lines.
        TacticOutcome apply = recorded("app_type_mismatch2", 6);
        assertThat(apply.kind()).isEqualTo(Kind.FAILED);
        assertThat(apply.reason()).isEqualTo("Tactic `apply` failed: could not unify the type of `?succ`");
        assertThat(apply.messages().get(0).text()).contains("with the goal\n  true = true");
    }

    @Test
    void aProofTheKernelRejectsIsAFailedTactic() {
        // app_type_mismatch2: the `have` tactic's proof status "Error: kernel type check failed: ..."
        TacticOutcome outcome = recorded("app_type_mismatch2", 4);
        assertThat(outcome.kind()).isEqualTo(Kind.FAILED);
        assertThat(outcome.reason()).isEqualTo("kernel type check failed: (kernel) application type mismatch");
        assertThat(outcome.proofStatus()).startsWith("Error: kernel type check failed");
    }

    @Test
    void unsolvedGoalsInsideATacticBlockAreAFailedTactic() {
        // name_generator: `{ rw [...] }` -> "Incomplete: contains metavariable(s)" with the error "unsolved goals ...".
        TacticOutcome outcome = recorded("name_generator", 7);
        assertThat(outcome.kind()).isEqualTo(Kind.FAILED);
        assertThat(outcome.reason()).isEqualTo("unsolved goals");
    }

    @Test
    void acceptedTacticsSayWhatIsLeft() {
        TacticOutcome open = recorded("proof_step", 1); // apply Int.natAbs
        assertThat(open.kind()).isEqualTo(Kind.OPEN_GOALS);
        assertThat(open.proofState()).isEqualTo(1);
        assertThat(open.goals()).containsExactly("⊢ Int");
        TacticOutcome done = recorded("proof_step", 3); // exact t
        assertThat(done.kind()).isEqualTo(Kind.COMPLETED);
        assertThat(done.goals()).isEmpty();
        assertThat(done.reason()).isNull();
        TacticOutcome sorry = recorded("by_cases", 3); // all_goals sorry
        assertThat(sorry.kind()).isEqualTo(Kind.INCOMPLETE);
        assertThat(sorry.proofStatus()).isEqualTo("Incomplete: contains sorry");
        assertThat(recorded("name_generator", 2).kind()).as("contains metavariable(s)").isEqualTo(Kind.INCOMPLETE);
    }

    @Test
    void aTacticsInfoMessagesComeWithItsVerdict() {
        // Mathlib/test/exact: `exact?` on 0 < 1 completes, with "Try this" at 0:0.
        TacticOutcome outcome = recorded("Mathlib/test/exact", 2);
        assertThat(outcome.kind()).isEqualTo(Kind.COMPLETED);
        assertThat(outcome.messages()).singleElement().satisfies(m -> {
            assertThat(m.severity()).isEqualTo(Severity.INFO);
            assertThat(m.text()).isEqualTo("Try this:\n  [apply] exact Nat.one_pos");
            assertThat(m.start()).isNull();
        });
    }

    @Test
    void anUnknownProofStateIsNoVerdict() {
        TacticOutcome outcome = recorded("unknown_proof_state", 1);
        assertThat(outcome.kind()).isEqualTo(Kind.NO_VERDICT);
        assertThat(outcome.reason()).isEqualTo("the REPL refused the tactic: Unknown proof state.");
    }

    @Test
    void aTacticPastTheTimeLimitIsALimitAndASandboxFailureNoVerdict() {
        RunResult timeout = new RunResult(Status.TIMEOUT, RunMode.CHECK, 137, List.of(), List.of(), "",
                "killed after the time limit of 5000 ms", false, Duration.ofSeconds(5), Duration.ofSeconds(5));
        TacticOutcome limit = TacticOutcome.of(new SessionReply("s", timeout, null, "the REPL was restarted"));
        assertThat(limit.kind()).isEqualTo(Kind.LIMIT);
        assertThat(limit.reason()).isEqualTo("the tactic did not finish: killed after the time limit of 5000 ms");
        TacticOutcome failed = TacticOutcome.of(new SessionReply("s",
                RunResult.infrastructureError(RunMode.CHECK, "the sandbox failed: agent died", Duration.ZERO), null, null));
        assertThat(failed.kind()).isEqualTo(Kind.NO_VERDICT);
        assertThat(failed.hasVerdict()).isFalse();
    }
}
