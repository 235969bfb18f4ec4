package io.leansandbox.mcp;

import io.leansandbox.engine.result.Sorry;
import io.leansandbox.engine.session.SessionReply;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.util.List;
import java.util.Map;

/**
 * The {@code start-proof} tool: runs code with {@code sorry}s in a session and returns the proof
 * state of each, with its goal, for {@code apply-tactic} to work on.
 */
record StartProofTool(SessionCommands sessions) implements LeanTool {

    static final String NAME = "start-proof";

    static final Map<String, Object> PROOF_STATE_SCHEMA = Schemas.object(Schemas.ordered(
            "proof_state", Schemas.INTEGER,
            "goal", Schemas.STRING,
            "line", Schemas.OPTIONAL_INTEGER,
            "column", Schemas.OPTIONAL_INTEGER));

    static final Map<String, Object> OUTPUT_SCHEMA = Schemas.extend(SessionReplies.OUTPUT_SCHEMA,
            "proof_states", Schemas.described(Schemas.array(PROOF_STATE_SCHEMA),
                    "one per sorry Lean gave a proof state for, in source order: pass proof_state to apply-tactic"));

    static final Tool TOOL = Tool.builder()
            .name(NAME)
            .title("Start a proof")
            .description("Start proving in tactic mode: run Lean 4 code that leaves `sorry` where proofs are missing "
                    + "(e.g. `theorem t (n : Nat) : n + 0 = n := by sorry`) in a session, and get the proof state of each "
                    + "sorry with its goal. Then call apply-tactic with the session_id and a proof_state, one tactic at "
                    + "a time, or apply-tactics to try several at once. Leave session_id out to open a new session; give one to continue a session (its earlier "
                    + "definitions are available).")
            .inputSchema(Schemas.input(List.of(ToolArguments.CODE),
                    ToolArguments.CODE, Schemas.described(Schemas.STRING, "Lean 4 source with one or more `sorry`s"),
                    ToolArguments.SESSION_ID, Schemas.described(Schemas.OPTIONAL_STRING,
                            "the session to run it in; leave out to open a new session")))
            .outputSchema(OUTPUT_SCHEMA)
            .build();

    @Override
    public Tool tool() {
        return TOOL;
    }

    @Override
    public CallToolResult answer(Map<String, Object> arguments, CallContext context) {
        String code = ToolArguments.code(arguments);
        SessionReply reply = sessions.run(ToolArguments.optionalSessionId(arguments), code);
        List<Sorry> states = reply.result().sorries().stream()
                .filter(s -> s.proofState() != null && s.goal() != null)
                .toList();
        Map<String, Object> fields = Schemas.with(SessionReplies.fields(reply),
                "proof_states", states.stream().map(StartProofTool::proofState).toList());
        String text = SessionReplies.text(reply, SessionReplies.withoutSorries(reply.result()), proofStatesText(reply, states));
        return ToolCalls.result(text, fields, SessionReplies.failed(reply));
    }

    private static Map<String, Object> proofState(Sorry sorry) {
        return Schemas.ordered(
                "proof_state", sorry.proofState(),
                "goal", sorry.goal(),
                "line", sorry.start() == null ? null : sorry.start().line(),
                "column", sorry.start() == null ? null : sorry.start().column());
    }

    private static String proofStatesText(SessionReply reply, List<Sorry> states) {
        if (reply.answer() == null || SessionReplies.failed(reply)) {
            return "";
        }
        if (states.isEmpty()) {
            return "Proof States: none (Lean reported no sorry with a proof state: write `by sorry` where a proof is missing)";
        }
        StringBuilder text = new StringBuilder("Proof States:\n");
        for (Sorry sorry : states) {
            text.append("proof_state ").append(sorry.proofState());
            if (sorry.start() != null) {
                text.append(" (sorry at ").append(sorry.start()).append(')');
            }
            text.append(":\n").append(sorry.goal()).append('\n');
        }
        return text.toString();
    }
}
