package io.leansandbox.engine.grading;

import java.util.List;

/**
 * Trusted input of gold grading: the challenge module comparator compares the solution against.
 *
 * @param module          the challenge's module name (comparator's {@code challenge_module}), e.g. {@code Challenge}
 * @param text            the challenge's Lean source: the statements, proofs left as {@code sorry}
 * @param theoremNames    the theorems the solution must prove, with the same statements
 * @param definitionNames definition holes the solution must fill (same name and type; body free)
 */
public record Challenge(String module, String text, List<String> theoremNames, List<String> definitionNames) {

    /** The module name of challenges made from a formal statement. */
    public static final String DEFAULT_MODULE = "Challenge";

    public Challenge {
        modulePath(module); // refuses a malformed name now rather than in a sandbox
        theoremNames = List.copyOf(theoremNames);
        definitionNames = List.copyOf(definitionNames);
        if (theoremNames.isEmpty()) {
            throw new IllegalArgumentException("a challenge needs at least one theorem name");
        }
    }

    /** The challenge of one formal statement: its header and statement, proved by {@code sorry}. */
    public static Challenge of(Statement statement) {
        return new Challenge(DEFAULT_MODULE, statement.challenge(), List.of(statement.name()), List.of());
    }

    /**
     * The source path of a module, relative to the project: dots separate components, {@code «»}
     * quote one (which may hold dots): {@code Challenge.«12.34».«5»} is {@code Challenge/12.34/5.lean}.
     */
    public static String modulePath(String module) {
        List<String> parts = new java.util.ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < module.length(); i++) {
            char c = module.charAt(i);
            if (c == '«') {
                int close = module.indexOf('»', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed « in module name " + module);
                }
                part.append(module, i + 1, close);
                i = close;
            } else if (c == '.') {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        if (parts.stream().anyMatch(p -> p.isEmpty() || p.equals("..") || p.contains("/"))) {
            throw new IllegalArgumentException("not a module name: " + module);
        }
        return String.join("/", parts) + ".lean";
    }
}
