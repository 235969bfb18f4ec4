package io.leansandbox.engine.proof;

import io.leansandbox.engine.result.Diagnostic;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Lean's answer to {@code #print axioms NAME}: {@code 'NAME' depends on axioms: [a, b]}, or
 * {@code 'NAME' does not depend on any axioms}.
 */
final class AxiomReport {

    private static final Pattern DEPENDS = Pattern.compile("'(?<name>[^']+)' depends on axioms: \\[(?<axioms>[^\\]]*)\\]", Pattern.DOTALL);
    private static final Pattern NONE = Pattern.compile("'(?<name>[^']+)' does not depend on any axioms");

    private AxiomReport() {
    }

    /** The axioms named in {@code messages}, or empty when no message is Lean's answer to {@code #print axioms}. */
    static Optional<List<String>> read(List<Diagnostic> messages) {
        for (Diagnostic d : messages) {
            Matcher depends = DEPENDS.matcher(d.message());
            if (depends.find()) {
                return Optional.of(Arrays.stream(depends.group("axioms").split(","))
                        .map(String::strip).filter(a -> !a.isEmpty()).toList());
            }
            if (NONE.matcher(d.message()).find()) {
                return Optional.of(List.of());
            }
        }
        return Optional.empty();
    }
}
