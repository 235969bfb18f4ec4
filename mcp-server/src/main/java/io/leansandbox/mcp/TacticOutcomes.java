package io.leansandbox.mcp;

import io.leansandbox.engine.session.TacticOutcome;
import io.leansandbox.engine.session.TacticOutcome.Kind;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A tactic's outcome as the tactic tools return it, the same for every kind of answer: structured
 * fields, and text that says what happened. A tactic Lean rejected says {@code failed} and why,
 * never {@code Goals: none}; a proof state it left is offered only when Lean accepted the tactic.
 */
final class TacticOutcomes {

    static final List<String> OUTCOMES = Arrays.stream(Kind.values()).map(Kind::wireName).toList();

    static final Map<String, Object> MESSAGE_SCHEMA = Schemas.object(Schemas.ordered(
            "severity", Map.of("type", "string", "enum", List.of("error", "warning", "info")),
            "line", Schemas.described(Schemas.OPTIONAL_INTEGER, "where in the tactic's text (from 1), when Lean said"),
            "column", Schemas.OPTIONAL_INTEGER,
            "end_line", Schemas.OPTIONAL_INTEGER,
            "end_column", Schemas.OPTIONAL_INTEGER,
            "message", Schemas.STRING));

    /** The outcome's properties, for output schemas. */
    static final Object[] PROPERTIES = {
            "outcome", Schemas.described(Map.of("type", "string", "enum", OUTCOMES),
                    "completed (no goal left), open_goals (accepted, goals remain), incomplete (accepted, but the proof "
                            + "holds a sorry or unassigned metavariables), failed (Lean rejected the tactic: see error), "
                            + "limit (it ran past the time, memory or output limit), no_verdict (the REPL refused the request)"),
            "proof_state", Schemas.described(Schemas.OPTIONAL_INTEGER,
                    "the proof state the tactic produced, to continue from; null unless Lean accepted the tactic"),
            "proof_status", Schemas.described(Schemas.OPTIONAL_STRING, "the REPL's proof status, as it said it"),
            "goals", Schemas.described(Schemas.STRINGS, "the goals left, each with its hypotheses; empty when none is left "
                    + "and when the tactic was not accepted"),
            "error", Schemas.described(Schemas.OPTIONAL_STRING, "why the tactic failed (or got no verdict), in one line"),
            "messages", Schemas.described(Schemas.array(MESSAGE_SCHEMA), "Lean's messages about the tactic, positions "
                    + "in the tactic's own text (null when Lean gave none)")};

    private TacticOutcomes() {
    }

    static Object[] fields(TacticOutcome outcome) {
        return new Object[]{
                "outcome", outcome.kind().wireName(),
                "proof_state", outcome.proofState(),
                "proof_status", outcome.proofStatus(),
                "goals", outcome.goals(),
                "error", outcome.reason(),
                "messages", outcome.messages().stream().map(TacticOutcomes::message).toList()};
    }

    private static Map<String, Object> message(TacticOutcome.Message m) {
        return Schemas.ordered(
                "severity", m.severity().leanName(),
                "line", m.start() == null ? null : m.start().line(),
                "column", m.start() == null ? null : m.start().column(),
                "end_line", m.end() == null ? null : m.end().line(),
                "end_column", m.end() == null ? null : m.end().column(),
                "message", m.text());
    }

    /** One line: what the tactic did. */
    static String result(TacticOutcome outcome) {
        return "Result: " + switch (outcome.kind()) {
            case COMPLETED -> "completed: no goals left";
            case OPEN_GOALS -> "accepted: " + outcome.goals().size() + (outcome.goals().size() == 1 ? " goal" : " goals") + " left";
            case INCOMPLETE -> "incomplete: " + (outcome.proofStatus() == null ? "the proof is not complete" : outcome.proofStatus());
            case FAILED -> "failed: " + outcome.reason();
            case LIMIT -> "did not finish: " + outcome.reason();
            case NO_VERDICT -> "no verdict: " + outcome.reason();
        };
    }

    /**
     * The lines after the tactic: its result; for an accepted tactic the proof state to continue
     * from (when {@code continuable}), the proof status and the goals; for one that was not, the
     * proof state {@code from} it leaves as it was; then Lean's other messages.
     */
    static String text(TacticOutcome outcome, int from, boolean continuable, String whereElse) {
        StringBuilder text = new StringBuilder(result(outcome)).append('\n');
        if (outcome.accepted()) {
            if (continuable && outcome.proofState() != null) {
                text.append("Proof State: ").append(outcome.proofState()).append('\n');
            } else if (!continuable) {
                text.append("Proof State: ").append(whereElse).append('\n');
            }
            if (outcome.proofStatus() != null) {
                text.append("Proof Status: ").append(outcome.proofStatus()).append('\n');
            }
            text.append(GoalsText.render(outcome.goals()));
        } else if (outcome.kind() != Kind.NO_VERDICT) {
            text.append("Proof State: ").append(from).append(" is as it was: try another tactic on it\n");
        }
        // A failure's one message of one line is its result line already; anything more is shown whole.
        List<TacticOutcome.Message> others = outcome.kind() == Kind.FAILED && outcome.messages().size() == 1
                && outcome.messages().get(0).text().strip().lines().count() <= 1 ? List.of() : outcome.messages();
        if (!others.isEmpty()) {
            text.append("Messages:\n");
            others.forEach(m -> text.append(m).append('\n'));
        }
        return text.toString().stripTrailing();
    }
}
