package io.leansandbox.engine.lean;

/**
 * A top-level declaration of a Lean file.
 *
 * @param kind      the keyword: theorem, lemma, def, example, instance, abbrev, axiom, ...
 * @param name      its full name with the enclosing namespaces, or null (an example, an anonymous instance)
 * @param startLine the line (from 1) of its keyword, or of the attributes before it
 * @param endLine   its last non-blank line before the next declaration (or the end of the file)
 */
public record Declaration(String kind, String name, int startLine, int endLine) {

    /** The name, or the kind and line for declarations without one ({@code example@12}). */
    public String displayName() {
        return name != null ? name : kind + "@" + startLine;
    }

    /**
     * Whether grading asks Lean for this declaration's axioms: everything that can hold a proof or
     * hide one (a definition's body can use {@code sorry} or an axiom), and axioms themselves.
     * Inductive types, structures and classes are not graded; what uses them is.
     */
    public boolean isGraded() {
        return switch (kind) {
            case "theorem", "lemma", "example", "def", "abbrev", "opaque", "axiom" -> true;
            case "instance" -> name != null;
            default -> false;
        };
    }

    public boolean isTheorem() {
        return kind.equals("theorem") || kind.equals("lemma");
    }

    public boolean contains(int line) {
        return line >= startLine && line <= endLine;
    }
}
