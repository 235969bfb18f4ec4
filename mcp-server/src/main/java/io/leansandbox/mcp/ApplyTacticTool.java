package io.leansandbox.mcp;

import io.leansandbox.engine.lean.ReplResponse;
import io.leansandbox.engine.session.SessionReply;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.util.List;
import java.util.Map;

/**
 * The {@code apply-tactic} tool: runs one tactic on a proof state of a session and returns the new
 * proof state, its goals and the REPL's proof status.
 */
record ApplyTacticTool(SessionCommands sessions) implements LeanTool {

    static final String NAME = "apply-tactic";

    static final Map<String, Object> OUTPUT_SCHEMA = Schemas.extend(ResultFields.OUTPUT_SCHEMA,
            "session_id", Schemas.STRING,
            "proof_state", Schemas.described(Schemas.OPTIONAL_INTEGER,
                    "the proof state after the tactic: pass it to the next apply-tactic (null when the REPL did not answer)"),
            "proof_status", Schemas.described(Schemas.OPTIONAL_STRING,
                    "the REPL's verdict on the proof so far: \"Completed\", \"Incomplete: open goals remain\", \"Error: ...\""),
            "goals", Schemas.described(Schemas.STRINGS, "the goals left, each with its hypotheses; empty when none"),
            "notice", Schemas.OPTIONAL_STRING);

    static final Tool TOOL = Tool.builder()
            .name(NAME)
            .title("Apply a tactic")
            .description("Apply one Lean 4 tactic to a proof state of a session (from start-proof, or from an earlier "
                    + "apply-tactic). Returns the new proof state, the goals left, and the proof status: \"Completed\" "
                    + "when no goal is left, \"Incomplete: open goals remain\", or an error; Lean's messages (a failing "
                    + "tactic's error) are in the diagnostics. Earlier proof states stay valid, so you can backtrack by "
                    + "applying a different tactic to an earlier proof_state.")
            .inputSchema(Schemas.input(List.of(ToolArguments.SESSION_ID, ToolArguments.PROOF_STATE, ToolArguments.TACTIC),
                    ToolArguments.SESSION_ID, Schemas.described(Schemas.STRING, "the session the proof state belongs to"),
                    ToolArguments.PROOF_STATE, Schemas.described(Map.of("type", "integer", "minimum", 0),
                            "the proof state to apply the tactic to"),
                    ToolArguments.TACTIC, Schemas.described(Schemas.STRING, "one tactic, e.g. \"intro n\" or \"simp\"")))
            .outputSchema(OUTPUT_SCHEMA)
            .build();

    @Override
    public Tool tool() {
        return TOOL;
    }

    @Override
    public CallToolResult answer(Map<String, Object> arguments) {
        String sessionId = ToolArguments.sessionId(arguments);
        int proofState = ToolArguments.proofState(arguments);
        String tactic = ToolArguments.tactic(arguments);
        SessionReply reply = sessions.tactic(sessionId, proofState, tactic);
        ReplResponse answer = SessionReplies.failed(reply) ? null : reply.answer();
        Map<String, Object> fields = Schemas.with(ResultFields.of(reply.result()),
                "session_id", reply.sessionId(),
                "proof_state", answer == null ? null : answer.proofState(),
                "proof_status", answer == null ? null : answer.proofStatus(),
                "goals", answer == null ? List.of() : answer.goals(),
                "notice", reply.notice());
        return ToolCalls.result(SessionReplies.text(reply, reply.result(), proofText(answer)), fields, SessionReplies.failed(reply));
    }

    private static String proofText(ReplResponse answer) {
        if (answer == null || answer.proofState() == null) {
            return "";
        }
        StringBuilder text = new StringBuilder()
                .append("Proof State: ").append(answer.proofState()).append('\n')
                .append("Proof Status: ").append(answer.proofStatus()).append('\n');
        text.append(GoalsText.render(answer.goals()));
        return text.toString();
    }
}
