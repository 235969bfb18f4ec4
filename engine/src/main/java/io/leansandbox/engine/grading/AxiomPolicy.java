package io.leansandbox.engine.grading;

import java.util.ArrayList;
import java.util.List;

/**
 * The axioms graded declarations may depend on. {@code sorryAx} is never allowed: it is a sorry.
 *
 * @param allowed the axioms' full names
 */
public record AxiomPolicy(List<String> allowed) {

    /** Lean's three standard axioms: what most of Mathlib uses. */
    public static final List<String> STANDARD_AXIOMS = List.of("propext", "Classical.choice", "Quot.sound");

    /** What {@code native_decide} (and {@code decide +kernel} with the compiler) adds: trust in compiled code. */
    public static final List<String> NATIVE_AXIOMS = List.of("Lean.ofReduceBool", "Lean.trustCompiler");

    /** The axiom a {@code sorry} stands on. */
    public static final String SORRY_AXIOM = "sorryAx";

    /** The entry that, alone in a front door's list of allowed axioms, allows none. */
    public static final String NONE = "none";

    public AxiomPolicy {
        allowed = List.copyOf(allowed);
    }

    /**
     * The policy a front door's list parameter asks for (the plugin's {@code allowedAxioms}, the JUnit
     * engine's {@code lean-sandbox.allowed-axioms}): entries stripped, blank ones dropped; no entry
     * means the parameter is unset, so {@code otherwise} (the engine's setting); {@link #NONE} alone
     * allows no axiom.
     */
    public static AxiomPolicy ofParameter(List<String> entries, AxiomPolicy otherwise) {
        List<String> axioms = entries == null ? List.of()
                : entries.stream().filter(a -> a != null && !a.isBlank()).map(String::strip).toList();
        if (axioms.isEmpty()) {
            return otherwise;
        }
        return new AxiomPolicy(axioms.equals(List.of(NONE)) ? List.of() : axioms);
    }

    /** Propext, Classical.choice and Quot.sound. */
    public static AxiomPolicy standard() {
        return new AxiomPolicy(STANDARD_AXIOMS);
    }

    /** This policy plus the axioms of {@code native_decide}: opt in only when compiled code may be trusted. */
    public AxiomPolicy withNativeDecide() {
        List<String> all = new ArrayList<>(allowed);
        NATIVE_AXIOMS.stream().filter(a -> !all.contains(a)).forEach(all::add);
        return new AxiomPolicy(all);
    }

    public boolean allows(String axiom) {
        return !axiom.equals(SORRY_AXIOM) && allowed.contains(axiom);
    }

    /** The axioms of {@code axioms} this policy does not allow, {@code sorryAx} excepted (a sorry, not a violation). */
    public List<String> disallowed(List<String> axioms) {
        return axioms.stream().filter(a -> !a.equals(SORRY_AXIOM) && !allows(a)).toList();
    }
}
