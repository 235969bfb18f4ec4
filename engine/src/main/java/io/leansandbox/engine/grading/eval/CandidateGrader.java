package io.leansandbox.engine.grading.eval;

import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Submission;
import io.leansandbox.engine.grading.Trust;

/**
 * Grades one submission; {@code LeanSandbox::grade} is one. An interface so that evaluations can be
 * tested without Docker. Called from many threads at once.
 */
@FunctionalInterface
public interface CandidateGrader {

    /** The grade of {@code submission} at {@code trust}; may throw, which records the candidate as {@code infra_error}. */
    Grade grade(Submission submission, Trust trust);
}
