package io.leansandbox.engine.grading;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lean's answer to {@code #print axioms NAME}: {@code 'FULL.NAME' depends on axioms: [a, b]} or
 * {@code 'FULL.NAME' does not depend on any axioms}. The name may hold primes, dots and {@code «»};
 * long lists may wrap over lines.
 *
 * @param name   the constant's full name, as Lean printed it
 * @param axioms the axioms, in Lean's order
 */
public record AxiomAnswer(String name, List<String> axioms) {

    private static final Pattern DEPENDS = Pattern.compile("^'(?<name>.+)'\\s+depends\\s+on\\s+axioms:\\s*\\[(?<axioms>[^\\]]*)\\]$",
            Pattern.DOTALL);
    private static final Pattern NONE = Pattern.compile("^'(?<name>.+)'\\s+does\\s+not\\s+depend\\s+on\\s+any\\s+axioms$", Pattern.DOTALL);

    public AxiomAnswer {
        axioms = List.copyOf(axioms);
    }

    /** Reads one message's text; empty when it is not an answer to {@code #print axioms}. */
    public static Optional<AxiomAnswer> parse(String message) {
        String text = message.strip();
        Matcher depends = DEPENDS.matcher(text);
        if (depends.matches()) {
            return Optional.of(new AxiomAnswer(depends.group("name"), Arrays.stream(depends.group("axioms").split("[,\\s]+"))
                    .filter(a -> !a.isEmpty()).toList()));
        }
        Matcher none = NONE.matcher(text);
        return none.matches() ? Optional.of(new AxiomAnswer(none.group("name"), List.of())) : Optional.empty();
    }

    /**
     * Whether this answers for the constant asked for as {@code asked}: the same name, or {@code asked}
     * resolved inside a namespace ({@code xi.even} answered as {@code Millennium.xi.even}).
     * Guillemets are only quoting: {@code «foo»} is {@code foo}.
     */
    public boolean answers(String asked) {
        String reported = unquoted(name);
        String wanted = unquoted(asked);
        return reported.equals(wanted) || reported.endsWith("." + wanted);
    }

    private static String unquoted(String name) {
        return name.replace("«", "").replace("»", "");
    }
}
