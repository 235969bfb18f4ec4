package io.leansandbox.engine.grading;

import io.leansandbox.engine.lean.Declaration;

import java.util.List;

/**
 * The grade of one declaration of the file.
 *
 * @param declaration  where it is and what kind
 * @param name         its full name as Lean reported it (the scanned name when Lean did not answer;
 *                     null for an example Lean never answered for)
 * @param axioms       the axioms it depends on, in Lean's order; null when unknown
 * @param verdict      its own verdict
 * @param explanation  why, in one sentence
 */
public record DeclarationGrade(Declaration declaration, String name, List<String> axioms, Verdict verdict, String explanation) {

    public DeclarationGrade {
        axioms = axioms == null ? null : List.copyOf(axioms);
    }

    /** The name, or the kind and line for an example ({@code example@12}). */
    public String displayName() {
        return declaration.displayName();
    }

    public boolean axiomsKnown() {
        return axioms != null;
    }
}
