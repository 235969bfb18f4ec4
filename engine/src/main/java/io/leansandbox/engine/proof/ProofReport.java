package io.leansandbox.engine.proof;

import io.leansandbox.engine.result.RunResult;

import java.util.List;

/**
 * The outcome of a proof check.
 *
 * @param verdict          valid, sorry, error, timeout, or unavailable
 * @param explanation      the verdict's reason, in one sentence
 * @param result           the check itself: status, diagnostics, sorries, time
 * @param theorems         the theorems checked (top-level {@code theorem} and {@code lemma} declarations)
 * @param axioms           the axioms they depend on, as Lean's {@code #print axioms} lists them; empty when
 *                         unknown (see {@code axiomsKnown})
 * @param axiomsKnown      whether Lean reported the axioms of every theorem
 * @param allowedAxioms    the allow-list the axioms were held against
 * @param disallowedAxioms the axioms outside the allow-list
 */
public record ProofReport(
        Verdict verdict,
        String explanation,
        RunResult result,
        List<String> theorems,
        List<String> axioms,
        boolean axiomsKnown,
        List<String> allowedAxioms,
        List<String> disallowedAxioms) {

    /** Lean's three standard axioms: what most of Mathlib uses. */
    public static final List<String> STANDARD_AXIOMS = List.of("propext", "Classical.choice", "Quot.sound");

    /** The axiom a {@code sorry} stands on: a theorem that depends on it is unfinished. */
    public static final String SORRY_AXIOM = "sorryAx";

    public ProofReport {
        theorems = List.copyOf(theorems);
        axioms = List.copyOf(axioms);
        allowedAxioms = List.copyOf(allowedAxioms);
        disallowedAxioms = List.copyOf(disallowedAxioms);
    }

    /** Whether the axioms are known and all within the allow-list. */
    public boolean axiomsAllowed() {
        return axiomsKnown && disallowedAxioms.isEmpty();
    }
}
