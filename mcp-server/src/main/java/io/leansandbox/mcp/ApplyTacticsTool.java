package io.leansandbox.mcp;

import io.leansandbox.engine.session.SessionManager;
import io.leansandbox.engine.session.TacticAttempt;
import io.leansandbox.engine.session.TacticAttempts;
import io.leansandbox.engine.session.TacticOutcome;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code apply-tactics} tool: several tactics tried on one proof state at once, each outcome
 * returned ({@link SessionManager#tactics}): the session's REPL and copies of the proof state in
 * other sandboxes work through them side by side. The proof state stays valid. An outcome from the
 * session's own REPL carries a proof state to continue from; one from a copy does not (the copy's
 * sandbox is reset afterwards): apply that tactic with apply-tactic to continue from it. An
 * {@code isError} result only when no tactic got a verdict.
 */
record ApplyTacticsTool(SessionCommands sessions) implements LeanTool {

    static final String NAME = "apply-tactics";

    static final Map<String, Object> ATTEMPT_SCHEMA = Schemas.object(Schemas.with(Schemas.with(Schemas.ordered(
                    "tactic", Schemas.STRING,
                    "ran_on", Schemas.described(Map.of("type", "string", "enum", List.of("session", "copy")),
                            "session: the session's own REPL, whose proof_state you can continue from; copy: a copy of "
                                    + "the proof state in another sandbox, gone now (apply-tactic the tactic to continue)")),
            TacticOutcomes.PROPERTIES), "elapsed_ms", Schemas.described(Schemas.INTEGER, "how long this tactic took")));

    static final Map<String, Object> SCHEMA = Schemas.object(Schemas.ordered(
            "session_id", Schemas.STRING,
            "proof_state", Schemas.described(Schemas.INTEGER, "the proof state the tactics were tried on; it stays valid"),
            "attempts", Schemas.described(Schemas.array(ATTEMPT_SCHEMA), "one per tactic, in the order given"),
            "repls", Schemas.described(Schemas.INTEGER, "how many REPLs held the proof state and tried tactics"),
            "elapsed_ms", Schemas.described(Schemas.INTEGER, "wall-clock time of the whole call"),
            "notice", Schemas.OPTIONAL_STRING));

    static final Tool TOOL = Tool.builder()
            .name(NAME)
            .title("Try several tactics")
            .description("Try several Lean 4 tactics on the same proof state of a session at once (up to "
                    + SessionManager.MAX_TACTICS + "), in parallel on REPLs that each hold the proof state, and get every "
                    + "outcome, in the order given: completed, open_goals (with the goals left), incomplete, or failed "
                    + "with Lean's reason. The proof state stays valid. Outcomes that ran on the session's own REPL "
                    + "(ran_on: session) carry a proof_state to continue from; for the others, apply the chosen tactic "
                    + "with apply-tactic.")
            .inputSchema(Schemas.input(List.of(ToolArguments.SESSION_ID, ToolArguments.PROOF_STATE, ToolArguments.TACTICS),
                    ToolArguments.SESSION_ID, Schemas.described(Schemas.STRING, "the session the proof state belongs to"),
                    ToolArguments.PROOF_STATE, Schemas.described(Map.of("type", "integer", "minimum", 0),
                            "the proof state to try the tactics on"),
                    ToolArguments.TACTICS, Schemas.described(Schemas.ordered("type", "array", "items", Schemas.STRING,
                                    "minItems", 1, "maxItems", SessionManager.MAX_TACTICS),
                            "the tactics to try, each on its own, e.g. [\"simp\", \"omega\", \"exact h\"]")))
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
        List<String> tactics = ToolArguments.tactics(arguments, SessionManager.MAX_TACTICS);
        TacticAttempts tried = sessions.tactics(sessionId, proofState, tactics);

        List<Map<String, Object>> attempts = new ArrayList<>();
        StringBuilder text = new StringBuilder("Session ID: ").append(tried.sessionId()).append("\n\n")
                .append("Proof State: ").append(proofState).append(": ").append(tactics.size())
                .append(tactics.size() == 1 ? " tactic" : " tactics").append(" tried on ").append(tried.repls())
                .append(tried.repls() == 1 ? " REPL" : " REPLs").append(" in ")
                .append(String.format(Locale.ROOT, "%.1f s", tried.elapsed().toMillis() / 1000.0));
        boolean anyVerdict = false;
        for (TacticAttempt attempt : tried.attempts()) {
            TacticOutcome outcome = attempt.outcome();
            anyVerdict |= outcome.hasVerdict();
            attempts.add(Schemas.with(Schemas.with(Schemas.ordered("tactic", attempt.tactic(),
                            "ran_on", attempt.inSession() ? "session" : "copy"), TacticOutcomes.fields(outcome)),
                    "elapsed_ms", attempt.elapsed().toMillis()));
            text.append("\n\n").append(attempt.index() + 1).append(". ").append(attempt.tactic()).append('\n')
                    .append(TacticOutcomes.text(outcome, proofState, attempt.inSession(),
                            "none here (tried on a copy): apply-tactic it to continue from it"));
        }
        if (tried.notice() != null) {
            text.append("\n\nNotice:\n").append(tried.notice());
        }
        Map<String, Object> fields = Schemas.ordered(
                "session_id", tried.sessionId(),
                "proof_state", proofState,
                "attempts", attempts,
                "repls", tried.repls(),
                "elapsed_ms", tried.elapsed().toMillis(),
                "notice", tried.notice());
        return ToolCalls.result(text.toString(), fields, !anyVerdict);
    }
}
