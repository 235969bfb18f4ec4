package io.leansandbox.engine.grading;

import java.util.List;

/**
 * Trusted input of gold grading: the challenge module comparator compares the solution against.
 *
 * @param text            the challenge's Lean source: the statements, proofs left as {@code sorry}
 * @param theoremNames    the theorems the solution must prove, with the same statements
 * @param definitionNames definition holes the solution must fill (same name and type; body free)
 */
public record Challenge(String text, List<String> theoremNames, List<String> definitionNames) {

    public Challenge {
        theoremNames = List.copyOf(theoremNames);
        definitionNames = List.copyOf(definitionNames);
        if (theoremNames.isEmpty()) {
            throw new IllegalArgumentException("a challenge needs at least one theorem name");
        }
    }

    /** The challenge of one formal statement: its header and statement, proved by {@code sorry}. */
    public static Challenge of(Statement statement) {
        return new Challenge(statement.challenge(), List.of(statement.name()), List.of());
    }
}
