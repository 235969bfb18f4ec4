package io.leansandbox.mcp;

import io.leansandbox.engine.session.SessionReply;
import io.leansandbox.engine.session.TacticOutcome;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.util.List;
import java.util.Map;

/**
 * The {@code apply-tactic} tool: runs one tactic on a proof state of a session and says what it did
 * ({@link TacticOutcome}): completed, accepted with goals left, or failed and why. Lean rejecting
 * the tactic, in whichever shape the REPL answers (an error message, {@code Lean error: ...}, a
 * kernel error), is a result; only a call that gets no verdict (an unknown proof state or session,
 * no sandbox) is {@code isError}.
 */
record ApplyTacticTool(SessionCommands sessions) implements LeanTool {

    static final String NAME = "apply-tactic";

    static final Map<String, Object> OUTPUT_SCHEMA = Schemas.object(Schemas.with(Schemas.ordered(
                    "session_id", Schemas.STRING,
                    "tactic", Schemas.STRING,
                    "from_proof_state", Schemas.described(Schemas.INTEGER, "the proof state the tactic was applied to; it stays valid")),
            TacticOutcomes.PROPERTIES));

    static final Map<String, Object> SCHEMA = Schemas.extend(OUTPUT_SCHEMA,
            "elapsed_ms", Schemas.INTEGER,
            "notice", Schemas.OPTIONAL_STRING);

    static final Tool TOOL = Tool.builder()
            .name(NAME)
            .title("Apply a tactic")
            .description("Apply one Lean 4 tactic to a proof state of a session (from start-proof, or from an earlier "
                    + "apply-tactic). The outcome says what happened: completed (no goal left), open_goals (with the "
                    + "new proof state and the goals left), incomplete (the proof holds a sorry), or failed with Lean's "
                    + "reason. Earlier proof states stay valid, so you can backtrack by applying a different tactic to "
                    + "an earlier proof_state. To try several tactics at once, use apply-tactics.")
            .inputSchema(Schemas.input(List.of(ToolArguments.SESSION_ID, ToolArguments.PROOF_STATE, ToolArguments.TACTIC),
                    ToolArguments.SESSION_ID, Schemas.described(Schemas.STRING, "the session the proof state belongs to"),
                    ToolArguments.PROOF_STATE, Schemas.described(Map.of("type", "integer", "minimum", 0),
                            "the proof state to apply the tactic to"),
                    ToolArguments.TACTIC, Schemas.described(Schemas.STRING, "one tactic, e.g. \"intro n\" or \"simp\"")))
            .outputSchema(SCHEMA)
            .build();

    @Override
    public Tool tool() {
        return TOOL;
    }

    @Override
    public CallToolResult answer(Map<String, Object> arguments, CallContext context) {
        String sessionId = ToolArguments.sessionId(arguments);
        int proofState = ToolArguments.proofState(arguments);
        String tactic = ToolArguments.tactic(arguments);
        SessionReply reply = sessions.tactic(sessionId, proofState, tactic);
        TacticOutcome outcome = TacticOutcome.of(reply);
        Map<String, Object> fields = Schemas.with(Schemas.ordered("session_id", reply.sessionId(), "tactic", tactic,
                        "from_proof_state", proofState), TacticOutcomes.fields(outcome));
        fields = Schemas.with(fields, "elapsed_ms", reply.result().elapsed().toMillis(), "notice", reply.notice());
        StringBuilder text = new StringBuilder("Session ID: ").append(reply.sessionId()).append("\n\n")
                .append("Tactic: ").append(tactic).append('\n')
                .append(TacticOutcomes.text(outcome, proofState, true, null));
        if (reply.notice() != null) {
            text.append("\n\nNotice:\n").append(reply.notice());
        }
        return ToolCalls.result(text.toString(), fields, !outcome.hasVerdict());
    }
}
