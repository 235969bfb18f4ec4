package io.leansandbox.engine.grading.eval;

import io.leansandbox.engine.InvalidSourceException;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of grading one candidate: what a results line holds, and what summaries are made of.
 *
 * @param key         which candidate
 * @param verdict     the verdict
 * @param trust       the trust level that produced it (fast when gold was asked for but never ran)
 * @param axioms      the axioms of each graded declaration whose axioms Lean reported, by
 *                    declaration ({@link Grade#axiomsByDeclaration()}); a declaration whose
 *                    axioms are unknown is absent
 * @param diagnostics Lean's messages
 * @param explanation why, in one sentence
 * @param timeMs      how long the grading took, in milliseconds
 */
public record GradedCandidate(AttemptKey key, Verdict verdict, Trust trust, Map<String, List<String>> axioms,
                              List<Message> diagnostics, String explanation, long timeMs) {

    /** One of Lean's messages; its position may be unknown (null). */
    public record Message(String severity, Integer line, Integer column, String message) {
        static Message of(Diagnostic d) {
            Position start = d.start();
            return new Message(d.severity().leanName(), start == null ? null : start.line(), start == null ? null : start.column(),
                    d.message());
        }

        /** {@code line:column: severity: message}, as Lean prints it. */
        @Override
        public String toString() {
            return (line == null ? "?" : line) + ":" + (column == null ? "?" : column) + ": " + severity + ": " + message;
        }
    }

    public GradedCandidate {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(trust, "trust");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        axioms.forEach((name, list) -> copy.put(name, List.copyOf(list)));
        axioms = Collections.unmodifiableMap(copy);
        diagnostics = List.copyOf(diagnostics);
        explanation = explanation == null ? "" : explanation;
    }

    /** What {@code grade} says about the candidate {@code key}. */
    public static GradedCandidate of(AttemptKey key, Grade grade) {
        return new GradedCandidate(key, grade.verdict(), grade.trust(), grade.axiomsByDeclaration(),
                grade.diagnostics().stream().map(Message::of).toList(), grade.explanation(), grade.elapsed().toMillis());
    }

    /**
     * A candidate whose grading threw {@code failure}. A refused source (empty, too large, a refused
     * import) is the candidate's own fault: {@link Verdict#UNVERIFIED}, since nothing was checked.
     * Anything else is {@link Verdict#INFRA_ERROR}: no verdict about the candidate. Its trust is
     * that of grading's first stage: {@link Trust#FAST} when gold was asked for, since only a grade
     * can say it reached the gold stage.
     */
    public static GradedCandidate failed(AttemptKey key, Trust asked, Throwable failure, long timeMs) {
        Trust trust = asked == Trust.GOLD ? Trust.FAST : asked;
        String message = failure.getMessage() != null ? failure.getMessage() : failure.toString();
        if (failure instanceof InvalidSourceException) {
            return new GradedCandidate(key, Verdict.UNVERIFIED, trust, Map.of(), List.of(),
                    "the engine refused the source, so nothing was checked: " + message, timeMs);
        }
        return new GradedCandidate(key, Verdict.INFRA_ERROR, trust, Map.of(), List.of(), "the grader failed: " + message, timeMs);
    }

    public boolean isValid() {
        return verdict == Verdict.VALID;
    }
}
