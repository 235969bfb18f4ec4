package io.leansandbox.mcp;

import io.leansandbox.engine.session.UnknownSessionException;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.util.List;
import java.util.Map;

/**
 * The {@code get-goals} tool: the goals of a proof state, as the REPL reported them when it handed the
 * proof state out. The REPL has no command that shows goals; the server remembers each reply's
 * ({@link ProofStateMemory}), so this answers without asking Lean and never guesses.
 */
record GetGoalsTool(LeanEngine engine, ProofStateMemory memory) implements LeanTool {

    static final String NAME = "get-goals";

    static final Tool TOOL = Tool.builder()
            .name(NAME)
            .title("Show the goals of a proof state")
            .description("Show the goals of a proof state of a session again: exactly what Lean reported when the proof "
                    + "state was handed out by start-proof, apply-tactic, apply-tactics or execute-lean-persistent (the goal of a sorry, "
                    + "or the goals left after a tactic). Lean is not asked again.")
            .inputSchema(Schemas.input(List.of(ToolArguments.SESSION_ID, ToolArguments.PROOF_STATE),
                    ToolArguments.SESSION_ID, Schemas.described(Schemas.STRING, "the session the proof state belongs to"),
                    ToolArguments.PROOF_STATE, Schemas.described(Map.of("type", "integer", "minimum", 0), "the proof state")))
            .outputSchema(Schemas.object(Schemas.ordered(
                    "session_id", Schemas.STRING,
                    "proof_state", Schemas.INTEGER,
                    "goals", Schemas.described(Schemas.STRINGS, "the goals, each with its hypotheses; empty when the proof is complete"),
                    "source", Schemas.described(Map.of("type", "string", "enum",
                                    List.of(ProofStateMemory.FROM_SORRY, ProofStateMemory.FROM_TACTIC)),
                            "what handed the proof state out: a sorry, or a tactic"),
                    "proof_status", Schemas.described(Schemas.OPTIONAL_STRING, "the REPL's proof status after the tactic (null for a sorry)"))))
            .build();

    @Override
    public Tool tool() {
        return TOOL;
    }

    @Override
    public CallToolResult answer(Map<String, Object> arguments, CallContext context) {
        String sessionId = ToolArguments.sessionId(arguments);
        int proofState = ToolArguments.proofState(arguments);
        if (!engine.isSessionOpen(sessionId)) {
            memory.forget(sessionId);
            throw new UnknownSessionException(sessionId);
        }
        return memory.goals(sessionId, proofState)
                .map(goals -> ToolCalls.result(
                        "Session ID: " + sessionId + "\nProof State: " + proofState + "\n"
                                + (goals.proofStatus() == null ? "" : "Proof Status: " + goals.proofStatus() + "\n")
                                + GoalsText.render(goals.goals()).stripTrailing(),
                        Schemas.ordered("session_id", sessionId, "proof_state", proofState, "goals", goals.goals(),
                                "source", goals.source(), "proof_status", goals.proofStatus()),
                        false))
                .orElseGet(() -> ToolCalls.error("Unknown proof state: session '" + sessionId + "' has no proof state "
                        + proofState + " (proof states come from the sorries start-proof or execute-lean-persistent "
                        + "reports, and from apply-tactic)"));
    }
}
