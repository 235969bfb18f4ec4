package io.leansandbox.engine.grading;

import io.leansandbox.engine.InvalidSourceException;
import io.leansandbox.engine.lean.LeanSource;

/**
 * What is graded: a Lean file, which part of it the candidate wrote, and the statement it must
 * prove (null when none was given: then what it proves is not checked, and the grade says so).
 *
 * @param source        the whole file as Lean checks it
 * @param candidateText the part the candidate wrote: the whole file, or just the proof completing a
 *                      trusted statement. Only this part is searched for refused constructs.
 * @param statement     the statement it must prove, or null
 */
public record Submission(LeanSource source, String candidateText, Statement statement) {

    /** A full file written by the candidate; {@code statement} may be null. */
    public static Submission ofCode(String code, Statement statement, int maxSourceBytes) {
        return new Submission(LeanSource.of(code, maxSourceBytes), code, statement);
    }

    /** A proof completing {@code statement}: the file is the trusted header and statement plus the proof. */
    public static Submission ofProof(Statement statement, String proof, int maxSourceBytes) {
        if (proof == null || proof.isBlank()) {
            throw new InvalidSourceException("the proof is empty");
        }
        return new Submission(LeanSource.of(statement.complete(proof), maxSourceBytes), proof, statement);
    }
}
