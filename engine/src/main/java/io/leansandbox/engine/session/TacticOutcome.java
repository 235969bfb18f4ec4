package io.leansandbox.engine.session;

import io.leansandbox.engine.lean.ReplResponse;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one tactic did to a proof state, read from the REPL's answer the same way for every kind of
 * answer. Lean rejects a tactic in several shapes, and each is {@link Kind#FAILED} with its reason:
 * <ul>
 *   <li>an answer with a new proof state and error messages (error recovery: {@code exact nope} gives
 *       {@code "Incomplete: contains sorry"} and {@code Unknown identifier `nope`}, transcript invalid_tactic);</li>
 *   <li>{@code {"message": "Lean error:\n..."}}: a tactic that threw ({@code exact?} that found nothing,
 *       transcript self_proof_check) or did not parse ({@code <input>:1:1: unknown tactic}, unknown_tactic);</li>
 *   <li>a proof status {@code "Error: ..."} (the kernel rejected the proof, app_type_mismatch2).</li>
 * </ul>
 * Only an answer that is no verdict of Lean's (the REPL's own refusals such as {@code Unknown proof
 * state.}, a sandbox failure) is {@link Kind#NO_VERDICT}.
 *
 * <p>Positions: the REPL reports a tactic's messages at line 0, column 0 (no place in any file), so
 * {@link Message#start()} is null for them; a parse error names its place in the tactic's own text
 * ({@code <input>:L:C}), which becomes the message's start (line from 1, column from 0).
 *
 * @param kind        the verdict
 * @param proofState  the proof state the tactic produced, to continue from; null unless the tactic was
 *                    accepted (a failed tactic's state, which holds Lean's error recovery, is not offered)
 * @param proofStatus the REPL's proof status, or null
 * @param goals       the goals left; empty when the proof is complete, and for a tactic that did not succeed
 * @param messages    Lean's messages about the tactic (errors, and infos such as {@code Try this})
 * @param reason      why it failed, or why there is no verdict, in one line; null otherwise
 */
public record TacticOutcome(Kind kind, Integer proofState, String proofStatus, List<String> goals, List<Message> messages,
                            String reason) {

    /** The verdicts. */
    public enum Kind {
        /** No goal is left: the proof is complete. */
        COMPLETED,
        /** Accepted; goals remain. */
        OPEN_GOALS,
        /** Accepted, but the proof holds a {@code sorry} or unassigned metavariables (proof status says which). */
        INCOMPLETE,
        /** Lean rejected the tactic. */
        FAILED,
        /** The tactic ran past a limit (time, memory, output). */
        LIMIT,
        /** No verdict: the REPL refused the request or the sandbox failed. */
        NO_VERDICT;

        /** Lean's or the REPL's judgement on the tactic, as tools spell it: {@code completed}, {@code open_goals}, ... */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One of Lean's messages about a tactic; {@code start} and {@code end} are places in the tactic's text, or null. */
    public record Message(Severity severity, Position start, Position end, String text) {

        @Override
        public String toString() {
            return (start == null ? "" : "at " + start + " of the tactic: ") + severity.leanName() + ": " + text;
        }
    }

    static final String LEAN_ERROR = "Lean error:";
    private static final Pattern INPUT_POSITION = Pattern.compile("^<input>:(\\d+):(\\d+): (.*)$", Pattern.DOTALL);

    public TacticOutcome {
        goals = List.copyOf(goals);
        messages = List.copyOf(messages);
    }

    /** This outcome without its proof state: for a tactic that ran on a copy the session does not have. */
    public TacticOutcome withoutProofState() {
        return new TacticOutcome(kind, null, proofStatus, goals, messages, reason);
    }

    public boolean accepted() {
        return kind == Kind.COMPLETED || kind == Kind.OPEN_GOALS || kind == Kind.INCOMPLETE;
    }

    public boolean hasVerdict() {
        return kind != Kind.NO_VERDICT;
    }

    /** The outcome of the tactic whose answer {@code reply} holds (a reply of {@link SessionManager#tactic}). */
    public static TacticOutcome of(SessionReply reply) {
        ReplResponse answer = reply.answer();
        if (answer == null) {
            Status status = reply.result().status();
            String cause = firstLine(reply.result().stderr());
            if (status == Status.TIMEOUT || status == Status.MEMORY_EXCEEDED || status == Status.OUTPUT_LIMIT
                    || status == Status.SANDBOX_VIOLATION) {
                return new TacticOutcome(Kind.LIMIT, null, null, List.of(), List.of(),
                        "the tactic did not finish: " + (cause.isEmpty() ? status.name().toLowerCase().replace('_', ' ') : cause));
            }
            return new TacticOutcome(Kind.NO_VERDICT, null, null, List.of(), List.of(),
                    cause.isEmpty() ? "the REPL did not answer (" + status + ")" : cause);
        }
        String refusal = answer.protocolError();
        if (refusal != null) {
            if (refusal.startsWith(LEAN_ERROR)) {
                Message message = leanError(refusal.substring(LEAN_ERROR.length()).strip());
                return new TacticOutcome(Kind.FAILED, null, null, List.of(), List.of(message), describe(message));
            }
            return new TacticOutcome(Kind.NO_VERDICT, null, null, List.of(), List.of(), "the REPL refused the tactic: " + refusal);
        }
        List<Message> messages = new ArrayList<>();
        for (Diagnostic d : answer.messages()) {
            messages.add(new Message(d.severity(), placed(d.start()), placed(d.end()), d.message()));
        }
        String status = answer.proofStatus();
        Message firstError = messages.stream().filter(m -> m.severity() == Severity.ERROR).findFirst().orElse(null);
        if (firstError != null) {
            return new TacticOutcome(Kind.FAILED, null, status, List.of(), messages, describe(firstError));
        }
        if (status != null && status.startsWith("Error")) {
            String why = status.startsWith("Error:") ? status.substring("Error:".length()).strip() : status;
            return new TacticOutcome(Kind.FAILED, null, status, List.of(), messages, firstLine(why));
        }
        Kind kind = status == null ? (answer.goals().isEmpty() ? Kind.INCOMPLETE : Kind.OPEN_GOALS)
                : status.equals("Completed") ? Kind.COMPLETED
                : status.equals("Incomplete: open goals remain") ? Kind.OPEN_GOALS
                : Kind.INCOMPLETE;
        return new TacticOutcome(kind, answer.proofState(), status, answer.goals(), messages, null);
    }

    /** {@code <input>:1:1: unknown tactic} → the message at 1:1 of the tactic; any other text as it is. */
    private static Message leanError(String text) {
        Matcher m = INPUT_POSITION.matcher(text);
        if (m.matches()) {
            return new Message(Severity.ERROR, new Position(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))), null,
                    m.group(3));
        }
        return new Message(Severity.ERROR, null, null, text);
    }

    /** Line 0 is no line: the REPL's tactic mode has no file to place messages in. */
    private static Position placed(Position p) {
        return p == null || p.line() < 1 ? null : p;
    }

    private static String describe(Message m) {
        return (m.start() == null ? "" : "at " + m.start() + " of the tactic: ") + firstLine(m.text());
    }

    private static String firstLine(String text) {
        String stripped = text == null ? "" : text.strip();
        int end = stripped.indexOf('\n');
        return end < 0 ? stripped : stripped.substring(0, end);
    }
}
