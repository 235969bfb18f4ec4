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
                Status: SUCCESS
                Exit Code: 0
                Output:
                1:4: warning: declaration uses `sorry`
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
                Status: SUCCESS
                Exit Code: 0
                Proof State: 1
                Proof Status: Incomplete: open goals remain
                Goals:
                x : Unit
                ⊢ Int""");
        assertThat(structured(ApplyTacticTool.TOOL, step)).containsEntry("proof_state", 1)
                .containsEntry("proof_status", "Incomplete: open goals remain").containsEntry("goals", List.of("x : Unit\n⊢ Int"));

        CallToolResult done = tactic(session, 1, "exact -37");
        assertThat(text(done)).endsWith("Proof State: 2\nProof Status: Completed\nGoals: none");
        assertThat(structured(ApplyTacticTool.TOOL, done)).containsEntry("proof_status", "Completed").containsEntry("goals", List.of());
        assertThat(engine.calls).contains(new FakeEngine.Call("tactic", session, "1 exact -37"));
    }

    @Test
    void aFailingTacticIsLeansVerdictWithItsMessage() {
        String session = startProof();
        CallToolResult result = tactic(session, 0, "exact nope");
        assertThat(text(result)).contains("Status: ERROR", "Output:\n0:0: error: Unknown identifier `nope`",
                "Proof Status: Incomplete: contains sorry");
        assertThat(structured(ApplyTacticTool.TOOL, result)).containsEntry("proof_state", 3);
    }

    @Test
    void aTacticTheReplRefusesIsAnErrorNamingTheCause() {
        String session = startProof();
        CallToolResult unknownState = tactic(session, 9, "rfl");
        assertThat(error(unknownState)).contains("Error:\nthe REPL refused the command: Unknown proof state.")
                .doesNotContain("Proof State:");
        assertThat(conforming(ApplyTacticTool.TOOL, unknownState)).containsEntry("proof_state", null).containsEntry("goals", List.of());
        assertThat(error(tactic(session, 0, "exat 42"))).contains("unknown tactic");
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
