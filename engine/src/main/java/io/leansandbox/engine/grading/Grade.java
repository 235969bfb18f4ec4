package io.leansandbox.engine.grading;

import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.RunResult;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The outcome of grading one candidate.
 *
 * @param verdict      what grading concluded
 * @param trust        the trust level that produced the verdict
 * @param explanation  why, in one sentence a person can act on
 * @param declarations each graded declaration's own grade, in source order
 * @param result       the check itself (status, Lean's messages, sorries, time); for a candidate
 *                     refused before it ran, a result with no messages
 * @param elapsed      wall time of the whole grading, probes and gold stages included
 * @param wholeFile    whether the verdict is about the whole file, not built from its declarations'
 *                     (the check did not finish, its answers cannot be trusted, or gold decided): then
 *                     every declaration carries the file's verdict
 */
public record Grade(Verdict verdict, Trust trust, String explanation, List<DeclarationGrade> declarations, RunResult result,
                    Duration elapsed, boolean wholeFile) {

    public Grade {
        declarations = List.copyOf(declarations);
    }

    /** A grade built from its declarations' grades. */
    public Grade(Verdict verdict, Trust trust, String explanation, List<DeclarationGrade> declarations, RunResult result,
                 Duration elapsed) {
        this(verdict, trust, explanation, declarations, result, elapsed, false);
    }

    public boolean isValid() {
        return verdict == Verdict.VALID;
    }

    public List<Diagnostic> diagnostics() {
        return result.diagnostics();
    }

    /** The axioms of each graded declaration whose axioms are known, by display name. */
    public Map<String, List<String>> axiomsByDeclaration() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        declarations.stream().filter(DeclarationGrade::axiomsKnown).forEach(d -> out.put(d.displayName(), d.axioms()));
        return out;
    }

    /** Every axiom some graded declaration depends on, each once. */
    public List<String> axioms() {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        declarations.stream().filter(DeclarationGrade::axiomsKnown).forEach(d -> all.addAll(d.axioms()));
        return List.copyOf(all);
    }

    /** The same grade, decided for the whole file by {@code by} instead, with {@code why} (gold demoting a fast verdict). */
    public Grade decidedBy(Trust by, Verdict verdict, String why, Duration elapsed) {
        return new Grade(verdict, by, why, declarations, result, elapsed, verdict != this.verdict || wholeFile);
    }
}
