package io.leansandbox.mcp;

import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Sorry;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.leansandbox.mcp.ToolResults.conforming;
import static io.leansandbox.mcp.ToolResults.error;
import static io.leansandbox.mcp.ToolResults.structured;
import static io.leansandbox.mcp.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code start-proof}, {@code apply-tactic} and {@code get-goals} over a fake engine. The replies are
 * shaped after transcript {@code readme} of the real REPL (the integration test replays it for real).
 */
class TacticModeToolsTest {

    private static final String CODE = "def f (x : Unit) : Nat := by sorry";
    private static final Diagnostic USES_SORRY = new Diagnostic(Severity.WARNING, new Position(1, 4), new Position(1, 5), "declaration uses `sorry`");
    private static final Sorry SORRY = new Sorry(new Position(1, 29), new Position(1, 34), "x : Unit\n⊢ Nat", 0);

    private final FakeTools tools = new FakeTools();
    private final FakeEngine engine = tools.engine;

    TacticModeToolsTest() {
        engine.onCommand = (id, code) -> FakeEngine.command(id, 0, List.of(USES_SORRY), List.of(SORRY));
        engine.onTactic = (id, state, tactic) -> switch (tactic) {
            case "apply Int.natAbs" -> FakeEngine.tactic(id, 1, List.of("x : Unit\n⊢ Int"), "Incomplete: open goals remain", List.of());
            case "exact -37" -> FakeEngine.tactic(id, 2, List.of(), "Completed", List.of());
            case "exact nope" -> FakeEngine.tactic(id, 3, List.of(), "Incomplete: contains sorry",
                    List.of(new Diagnostic(Severity.ERROR, new Position(0, 0), new Position(0, 0), "Unknown identifier `nope`")));
            case "exat 42" -> FakeEngine.refused(id, "Lean error:\n<input>:1:1: unknown tactic");
            default -> FakeEngine.refused(id, "Unknown proof state.");
        };
    }

    private String startProof() {
        return (String) structured(StartProofTool.TOOL, tools.startProof.call(Map.of("code", CODE))).get("session_id");
    }

    private CallToolResult tactic(String session, int state, String tactic) {
        return tools.applyTactic.call(Map.of("session_id", session, "proof_state", state, "tactic", tactic));
    }

    @Test
    void startProofGivesEachSorrysProofStateWithItsGoal() {
        CallToolResult result = tools.startProof.call(Map.of("code", CODE));
        assertThat(text(result)).isEqualTo("""
                Session ID: generated-1

                Status: success
                Exit Code: 0

                Output:
                1:4: warning: declaration uses `sorry`

                Run Status: SUCCESS

                Proof States:
                proof_state 0 (sorry at 1:29):
                x : Unit
                ⊢ Nat""");
        Map<String, Object> fields = structured(StartProofTool.TOOL, result);
        assertThat(fields.get("proof_states")).isEqualTo(List.of(Map.of("proof_state", 0, "goal", "x : Unit\n⊢ Nat", "line", 1, "column", 29)));
        assertThat(fields).containsEntry("session_id", "generated-1").containsEntry("env", 0);
    }

    @Test
    void startProofContinuesANamedSession() {
        tools.persistent.call(Map.of("code", "def g := 1", "session_id", "mine"));
        assertThat(structured(StartProofTool.TOOL, tools.startProof.call(Map.of("code", CODE, "session_id", "mine"))))
                .containsEntry("session_id", "mine");
        assertThat(engine.calls).extracting(FakeEngine.Call::operation).containsExactly("open", "run-in-session", "run-in-session");
    }

    @Test
    void codeWithoutASorryHasNoProofStatesAndSaysWhy() {
        engine.onCommand = (id, code) -> FakeEngine.accepted(id, 0);
        CallToolResult result = tools.startProof.call(Map.of("code", "theorem t : True := trivial"));
        assertThat(text(result)).endsWith("Proof States: none (Lean reported no sorry with a proof state: write `by sorry` where a proof is missing)");
        assertThat(structured(StartProofTool.TOOL, result).get("proof_states")).isEqualTo(List.of());
    }

    @Test
    void applyTacticGivesTheNewProofStateItsGoalsAndTheProofStatus() {
        String session = startProof();
        CallToolResult step = tactic(session, 0, "apply Int.natAbs");
        assertThat(text(step)).isEqualTo("""
                Session ID: generated-1

                Tactic: apply Int.natAbs
                Result: accepted: 1 goal left
                Proof State: 1
                Proof Status: Incomplete: open goals remain
                Goals:
                x : Unit
                ⊢ Int""");
        assertThat(structured(ApplyTacticTool.TOOL, step)).containsEntry("outcome", "open_goals").containsEntry("proof_state", 1)
                .containsEntry("from_proof_state", 0).containsEntry("proof_status", "Incomplete: open goals remain")
                .containsEntry("goals", List.of("x : Unit\n⊢ Int")).containsEntry("error", null);

        CallToolResult done = tactic(session, 1, "exact -37");
        assertThat(text(done)).endsWith("Tactic: exact -37\nResult: completed: no goals left\nProof State: 2\nProof Status: Completed\nGoals: none");
        assertThat(structured(ApplyTacticTool.TOOL, done)).containsEntry("outcome", "completed").containsEntry("goals", List.of());
        assertThat(engine.calls).contains(new FakeEngine.Call("tactic", session, "1 exact -37"));
    }

    @Test
    void aFailingTacticSaysItFailedAndWhyNeverThatNoGoalIsLeft() {
        // Shaped after transcript invalid_tactic: proof state 3, "Incomplete: contains sorry", the error at 0:0.
        String session = startProof();
        CallToolResult result = tactic(session, 0, "exact nope");
        assertThat(text(result)).isEqualTo("""
                Session ID: generated-1

                Tactic: exact nope
                Result: failed: Unknown identifier `nope`
                Proof State: 0 is as it was: try another tactic on it""");
        assertThat(text(result)).doesNotContain("Goals", "0:0");
        Map<String, Object> fields = structured(ApplyTacticTool.TOOL, result);
        assertThat(fields).containsEntry("outcome", "failed").containsEntry("error", "Unknown identifier `nope`")
                .containsEntry("proof_state", null).containsEntry("goals", List.of());
        assertThat(fields.get("messages")).asList().singleElement().isEqualTo(Schemas.ordered("severity", "error", "line", null,
                "column", null, "end_line", null, "end_column", null, "message", "Unknown identifier `nope`"));
        // The failed tactic's proof state (Lean's error recovery) is not one get-goals knows.
        assertThat(error(tools.getGoals.call(Map.of("session_id", session, "proof_state", 3)))).startsWith("Unknown proof state");
    }

    @Test
    void aTypoIsRejectedTheSameWayAWrongLemmaIs() {
        // Shaped after transcript unknown_tactic: {"message": "Lean error:\n<input>:1:1: unknown tactic"}
        String session = startProof();
        CallToolResult typo = tactic(session, 0, "exat 42");
        assertThat(text(typo)).isEqualTo("""
                Session ID: generated-1

                Tactic: exat 42
                Result: failed: at 1:1 of the tactic: unknown tactic
                Proof State: 0 is as it was: try another tactic on it""");
        assertThat(structured(ApplyTacticTool.TOOL, typo)).containsEntry("outcome", "failed");
        assertThat(structured(ApplyTacticTool.TOOL, typo).get("messages")).asList().singleElement().isEqualTo(Schemas.ordered(
                "severity", "error", "line", 1, "column", 1, "end_line", null, "end_column", null, "message", "unknown tactic"));
    }

    @Test
    void aProofStateTheReplNeverHandedOutIsNoVerdict() {
        String session = startProof();
        CallToolResult unknownState = tactic(session, 9, "rfl");
        assertThat(error(unknownState)).isEqualTo("""
                Session ID: generated-1

                Tactic: rfl
                Result: no verdict: the REPL refused the tactic: Unknown proof state.""");
        assertThat(conforming(ApplyTacticTool.TOOL, unknownState)).containsEntry("outcome", "no_verdict")
                .containsEntry("proof_state", null).containsEntry("goals", List.of());
    }

    @Test
    void applyTacticsGivesEveryOutcomeInOrderAndSaysWhichCanBeContinued() {
        String session = startProof();
        CallToolResult result = tools.applyTactics.call(Map.of("session_id", session, "proof_state", 0,
                "tactics", List.of("apply Int.natAbs", "exact nope", "exat 42", "exact -37")));
        assertThat(text(result)).isEqualTo("""
                Session ID: generated-1

                Proof State: 0: 4 tactics tried on 4 REPLs in 0.0 s

                1. apply Int.natAbs
                Result: accepted: 1 goal left
                Proof State: 1
                Proof Status: Incomplete: open goals remain
                Goals:
                x : Unit
                ⊢ Int

                2. exact nope
                Result: failed: Unknown identifier `nope`
                Proof State: 0 is as it was: try another tactic on it

                3. exat 42
                Result: failed: at 1:1 of the tactic: unknown tactic
                Proof State: 0 is as it was: try another tactic on it

                4. exact -37
                Result: completed: no goals left
                Proof State: none here (tried on a copy): apply-tactic it to continue from it
                Proof Status: Completed
                Goals: none""");
        Map<String, Object> fields = structured(ApplyTacticsTool.TOOL, result);
        assertThat(fields).containsEntry("proof_state", 0).containsEntry("repls", 4).containsEntry("notice", null);
        List<Object> attempts = List.copyOf((List<?>) fields.get("attempts"));
        assertThat(attempts).extracting(a -> (Object) ((Map<?, ?>) a).get("outcome")).containsExactly("open_goals", "failed", "failed", "completed");
        assertThat(attempts).extracting(a -> (Object) ((Map<?, ?>) a).get("ran_on")).containsExactly("session", "copy", "copy", "copy");
        assertThat(attempts).extracting(a -> (Object) ((Map<?, ?>) a).get("proof_state")).containsExactly(1, null, null, null);
        assertThat(engine.calls).filteredOn(c -> c.operation().equals("tactics")).singleElement()
                .isEqualTo(new FakeEngine.Call("tactics", session, "0 [apply Int.natAbs, exact nope, exat 42, exact -37]"));
        // get-goals knows the proof state the session's own REPL handed out, and no copy's.
        assertThat(structured(GetGoalsTool.TOOL, tools.getGoals.call(Map.of("session_id", session, "proof_state", 1))))
                .containsEntry("goals", List.of("x : Unit\n⊢ Int"));
        assertThat(error(tools.getGoals.call(Map.of("session_id", session, "proof_state", 2)))).startsWith("Unknown proof state");
    }

    @Test
    void applyTacticsWithoutAnyVerdictIsAnError() {
        String session = startProof();
        CallToolResult result = tools.applyTactics.call(Map.of("session_id", session, "proof_state", 9, "tactics", List.of("rfl", "simp")));
        assertThat(error(result)).contains("1. rfl\nResult: no verdict: the REPL refused the tactic: Unknown proof state.");
        assertThat(conforming(ApplyTacticsTool.TOOL, result)).containsEntry("proof_state", 9);
    }

    @Test
    void applyTacticsArgumentsAreChecked() {
        Map<Map<String, Object>, String> cases = Map.of(
                Map.of("session_id", "s", "proof_state", 0), "missing required argument 'tactics'",
                Map.of("session_id", "s", "proof_state", 0, "tactics", "simp"), "argument 'tactics' must be an array of tactics, got a string",
                Map.of("session_id", "s", "proof_state", 0, "tactics", List.of()), "argument 'tactics' must hold 1 to 16 tactics, got 0",
                Map.of("session_id", "s", "proof_state", 0, "tactics", java.util.Collections.nCopies(17, "simp")),
                "argument 'tactics' must hold 1 to 16 tactics, got 17",
                Map.of("session_id", "s", "proof_state", 0, "tactics", List.of("simp", " ")), "argument 'tactics' must hold tactics, but item 1 is empty",
                Map.of("session_id", "s", "proof_state", 0, "tactics", List.of("simp", 3)), "argument 'tactics' must hold tactics, but item 1 is a number",
                Map.of("session_id", "s", "proof_state", 0, "tactics", List.of("simp"), "tactic", "rfl"),
                "unknown argument 'tactic' (this tool takes session_id, proof_state, tactics)");
        cases.forEach((arguments, cause) ->
                assertThat(error(tools.applyTactics.call(arguments))).as("%s", arguments).startsWith("Invalid arguments: " + cause));
        assertThat(engine.calls).isEmpty();
    }

    @Test
    void applyTacticOnAnUnknownSessionIsAnErrorNamingIt() {
        assertThat(error(tactic("nope", 0, "rfl"))).isEqualTo(
                "Unknown session: no open session 'nope' (it was closed, it expired, or it never existed)");
    }

    @Test
    void applyTacticArgumentsAreChecked() {
        Map<Map<String, Object>, String> cases = Map.of(
                Map.of("proof_state", 0, "tactic", "rfl"), "missing required argument 'session_id'",
                Map.of("session_id", "s", "tactic", "rfl"), "missing required argument 'proof_state'",
                Map.of("session_id", "s", "proof_state", "0", "tactic", "rfl"), "argument 'proof_state' must be an integer, got a string",
                Map.of("session_id", "s", "proof_state", -1, "tactic", "rfl"), "argument 'proof_state' must be an integer from 0 up, got -1",
                Map.of("session_id", "s", "proof_state", 1.5, "tactic", "rfl"), "argument 'proof_state' must be an integer from 0 up, got 1.5",
                Map.of("session_id", "s", "proof_state", 0), "missing required argument 'tactic'",
                Map.of("session_id", "s", "proof_state", 0, "tactic", ""), "argument 'tactic' is empty: give a tactic");
        cases.forEach((arguments, cause) ->
                assertThat(error(tools.applyTactic.call(arguments))).as("%s", arguments).startsWith("Invalid arguments: " + cause));
        assertThat(engine.calls).isEmpty();
    }

    @Test
    void aWholeNumberSentAsADecimalIsAccepted() {
        String session = startProof();
        assertThat(structured(ApplyTacticTool.TOOL, tools.applyTactic.call(
                Map.of("session_id", session, "proof_state", 0.0, "tactic", "apply Int.natAbs")))).containsEntry("proof_state", 1);
    }

    @Test
    void getGoalsShowsWhatTheReplReportedForEachProofState() {
        String session = startProof();
        tactic(session, 0, "apply Int.natAbs");
        tactic(session, 1, "exact -37");

        CallToolResult ofSorry = tools.getGoals.call(Map.of("session_id", session, "proof_state", 0));
        assertThat(text(ofSorry)).isEqualTo("Session ID: generated-1\nProof State: 0\nGoals:\nx : Unit\n⊢ Nat");
        assertThat(structured(GetGoalsTool.TOOL, ofSorry)).containsEntry("source", "sorry").containsEntry("proof_status", null)
                .containsEntry("goals", List.of("x : Unit\n⊢ Nat"));

        CallToolResult ofTactic = tools.getGoals.call(Map.of("session_id", session, "proof_state", 1));
        assertThat(text(ofTactic)).isEqualTo(
                "Session ID: generated-1\nProof State: 1\nProof Status: Incomplete: open goals remain\nGoals:\nx : Unit\n⊢ Int");
        assertThat(structured(GetGoalsTool.TOOL, tools.getGoals.call(Map.of("session_id", session, "proof_state", 2))))
                .containsEntry("goals", List.of()).containsEntry("proof_status", "Completed").containsEntry("source", "tactic");
        assertThat(engine.calls).as("get-goals never asks Lean").filteredOn(c -> c.operation().equals("tactic")).hasSize(2);
    }

    @Test
    void getGoalsOfAProofStateNeverHandedOutIsAnError() {
        String session = startProof();
        assertThat(error(tools.getGoals.call(Map.of("session_id", session, "proof_state", 7))))
                .startsWith("Unknown proof state: session 'generated-1' has no proof state 7");
    }

    @Test
    void getGoalsForgetsAClosedSession() {
        String session = startProof();
        tools.cleanup.call(Map.of("session_id", session));
        assertThat(error(tools.getGoals.call(Map.of("session_id", session, "proof_state", 0)))).startsWith("Unknown session: no open session");
        // Reopened under the same id, it is a new session: the old proof states are not its own.
        engine.onCommand = (id, code) -> FakeEngine.accepted(id, 0);
        tools.persistent.call(Map.of("code", "def g := 1", "session_id", session));
        assertThat(error(tools.getGoals.call(Map.of("session_id", session, "proof_state", 0)))).startsWith("Unknown proof state");
    }

    @Test
    void getGoalsForgetsTheProofStatesOfAResetSessionButKeepsThoseOfARestoredOne() {
        String session = startProof();
        engine.onCommand = (id, code) -> FakeEngine.timedOut(id, "the REPL was restarted after the timeout; the session's 1 earlier commands were replayed");
        tools.persistent.call(Map.of("code", "slow", "session_id", session));
        assertThat(structured(GetGoalsTool.TOOL, tools.getGoals.call(Map.of("session_id", session, "proof_state", 0))))
                .containsEntry("proof_state", 0);

        engine.onCommand = (id, code) -> {
            engine.reset(id);
            return FakeEngine.timedOut(id, "the session was reset: after the timeout, replaying its 1 commands failed");
        };
        tools.persistent.call(Map.of("code", "slow", "session_id", session));
        assertThat(error(tools.getGoals.call(Map.of("session_id", session, "proof_state", 0)))).startsWith("Unknown proof state");
    }
}
