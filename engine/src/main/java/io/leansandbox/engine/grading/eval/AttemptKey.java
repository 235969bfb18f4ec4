package io.leansandbox.engine.grading.eval;

import java.util.Objects;

/**
 * Which candidate a result belongs to: the problem it attempts and its attempt number.
 *
 * @param problem the problem's name (Kimina's {@code custom_id} when there is no problems file)
 * @param attempt 0 or more; unique per problem
 */
public record AttemptKey(String problem, int attempt) {

    public AttemptKey {
        Objects.requireNonNull(problem, "problem");
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be 0 or more, got " + attempt);
        }
    }

    /** {@code problem#attempt}, as reports name a candidate. */
    @Override
    public String toString() {
        return problem + "#" + attempt;
    }
}
