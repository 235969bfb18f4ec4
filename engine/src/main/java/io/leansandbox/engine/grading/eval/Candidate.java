package io.leansandbox.engine.grading.eval;

import io.leansandbox.engine.grading.Statement;
import io.leansandbox.engine.grading.Submission;

import java.util.Objects;

/**
 * One candidate to grade: a whole Lean file, or a proof that completes a trusted statement.
 *
 * @param key                which problem and attempt it is
 * @param statement          the statement it must prove, or null (then what it proves is not checked)
 * @param text               the candidate's text: the whole file, or the proof
 * @param completesStatement whether {@code text} is only the proof of {@code statement}
 */
public record Candidate(AttemptKey key, Statement statement, String text, boolean completesStatement) {

    public Candidate {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(text, "text");
        if (completesStatement && statement == null) {
            throw new IllegalArgumentException("a proof needs the statement it completes");
        }
    }

    /** A whole Lean file; {@code statement} may be null. */
    public static Candidate ofCode(AttemptKey key, String code, Statement statement) {
        return new Candidate(key, statement, code, false);
    }

    /** A proof completing {@code statement}. */
    public static Candidate ofProof(AttemptKey key, Statement statement, String proof) {
        return new Candidate(key, statement, proof, true);
    }

    /**
     * What the grader gets. Made only when the candidate is graded, on the grading thread, so that a
     * large batch holds no more than its text; an {@link io.leansandbox.engine.InvalidSourceException}
     * when the source is refused (empty, too large, not text).
     */
    public Submission submission(int maxSourceBytes) {
        return completesStatement ? Submission.ofProof(statement, text, maxSourceBytes)
                : Submission.ofCode(text, statement, maxSourceBytes);
    }
}
