package io.leansandbox.engine.proof;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.lean.Declaration;
import io.leansandbox.engine.lean.Declarations;
import io.leansandbox.engine.lean.FollowUp;
import io.leansandbox.engine.lean.LeanRunner;
import io.leansandbox.engine.lean.LeanSource;
import io.leansandbox.engine.lean.ReplStep;
import io.leansandbox.engine.lean.SourceOffset;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.sandbox.AgentException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Grades proofs: checks the code, then asks Lean ({@code #print axioms}) which axioms each of its
 * theorems depends on, on the same REPL, and holds them against an allow-list.
 */
public final class ProofChecker {

    private final LeanRunner runner;
    private final ObjectMapper json;

    public ProofChecker(LeanRunner runner, ObjectMapper json) {
        this.runner = runner;
        this.json = json;
    }

    /** The work to do on the REPL after the check, for the theorems of {@code source}. */
    public FollowUp<ProofReport> followUp(LeanSource source, List<String> allowedAxioms) {
        List<String> theorems = Declarations.in(source.text()).stream()
                .filter(Declaration::isTheorem).map(Declaration::name).filter(n -> n != null).toList();
        return (sandbox, step, env) -> {
            if (sandbox == null || !step.answered() || step.refused() || step.result().hasErrors() || theorems.isEmpty()) {
                return report(step, theorems, List.of(), false, allowedAxioms);
            }
            Set<String> axioms = new LinkedHashSet<>();
            boolean known = true;
            for (String theorem : theorems) {
                ReplStep printed = runner.send(sandbox,
                        json.createObjectNode().put("cmd", "#print axioms " + theorem).put("env", env), SourceOffset.NONE);
                Optional<List<String>> found = printed.answered() ? AxiomReport.read(printed.result().diagnostics()) : Optional.empty();
                found.ifPresent(axioms::addAll);
                known &= found.isPresent();
            }
            return report(step, theorems, List.copyOf(axioms), known, allowedAxioms);
        };
    }

    /** The report for a check that never reached the REPL or failed there. */
    public ProofReport failed(ReplStep step, List<String> allowedAxioms) {
        return report(step, List.of(), List.of(), false, allowedAxioms);
    }

    private static ProofReport report(ReplStep step, List<String> theorems, List<String> axioms, boolean axiomsKnown,
                                      List<String> allowed) {
        RunResult r = step.result();
        List<String> disallowed = new ArrayList<>(axioms);
        disallowed.removeAll(allowed);
        Verdict verdict;
        String why;
        if (r.status() == Status.TIMEOUT) {
            verdict = Verdict.TIMEOUT;
            why = "the check reached the time limit";
        } else if (r.status() == Status.INFRASTRUCTURE_ERROR || r.status() == Status.MEMORY_EXCEEDED
                || r.status() == Status.OUTPUT_LIMIT) {
            verdict = Verdict.UNAVAILABLE;
            why = "no verdict: " + r.status().name().toLowerCase().replace('_', ' ') + " (" + r.stderr().strip() + ")";
        } else if (r.hasErrors() || r.status() == Status.ERROR) {
            verdict = Verdict.ERROR;
            why = "Lean reported " + r.diagnostics().stream().filter(d -> d.isError()).count() + " error(s)";
        } else if (theorems.isEmpty()) {
            verdict = Verdict.ERROR;
            why = "the code holds no theorem or lemma to check";
        } else if (!r.sorries().isEmpty() || axioms.contains(ProofReport.SORRY_AXIOM)) {
            verdict = Verdict.SORRY;
            why = r.sorries().isEmpty() ? "a theorem depends on sorryAx" : "the proof uses sorry at " + r.sorries().get(0).start();
        } else {
            verdict = Verdict.VALID;
            why = "Lean accepted " + String.join(", ", theorems) + " with no error and no sorry"
                    + (!axiomsKnown ? "; the axioms could not be read" : disallowed.isEmpty() ? "; every axiom is allowed"
                    : "; axioms outside the allow-list: " + String.join(", ", disallowed));
        }
        return new ProofReport(verdict, why, r, theorems, axioms, axiomsKnown, allowed, disallowed);
    }
}
