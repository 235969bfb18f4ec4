package io.leansandbox.maven;

import io.leansandbox.engine.InvalidSourceException;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.LeanSandboxException;
import io.leansandbox.engine.lean.FollowUp;
import io.leansandbox.engine.lean.LeanSource;
import io.leansandbox.engine.lean.ReplStep;
import io.leansandbox.engine.proof.ProofReport;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks one file with the engine and judges the result against the {@link FailurePolicy}.
 *
 * <p>Files are type-checked by the REPL, never run: a file that defines {@code main} is checked like
 * any other. With an axiom allow-list, files go through the engine's proof grading instead, which
 * also asks Lean ({@code #print axioms}) which axioms each theorem depends on.
 */
final class FileChecker {

    private final LeanSandbox engine;
    private final List<String> allowedAxioms;
    private final FailurePolicy policy;

    /** {@code allowedAxioms} null means the axioms are not checked. */
    FileChecker(LeanSandbox engine, List<String> allowedAxioms, FailurePolicy policy) {
        this.engine = engine;
        this.allowedAxioms = allowedAxioms == null ? null : List.copyOf(allowedAxioms);
        this.policy = policy;
    }

    FileOutcome check(LeanFile file, byte[] content) {
        long start = System.nanoTime();
        try {
            LeanSource source = LeanSource.fromUtf8(content, engine.settings().maxSourceBytes());
            if (allowedAxioms == null) {
                RunResult result = engine.check(source, FollowUp.RESULT, ReplStep::result);
                return judge(file, result, null, since(start), policy, engine.settings().timeout());
            }
            ProofReport report = engine.checkProof(source, allowedAxioms);
            return judge(file, report.result(), report, since(start), policy, engine.settings().timeout());
        } catch (InvalidSourceException e) {
            return new FileOutcome(file, FileOutcome.Status.REFUSED, policy.failOnError(), since(start), List.of(), List.of(),
                    List.of("not checked: " + e.getMessage()));
        } catch (LeanSandboxException e) {
            return new FileOutcome(file, FileOutcome.Status.UNAVAILABLE, true, since(start), List.of(), List.of(),
                    List.of("no verdict, the sandbox failed: " + e.getMessage()));
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * The outcome of a check that ended with {@code result}; {@code proof} is the proof grading when
     * axioms are checked, else null.
     */
    static FileOutcome judge(LeanFile file, RunResult result, ProofReport proof, Duration elapsed, FailurePolicy policy,
                             Duration timeout) {
        List<Diagnostic> diagnostics = result.diagnostics();
        switch (result.status()) {
            case TIMEOUT:
                return new FileOutcome(file, FileOutcome.Status.TIMEOUT, policy.failOnError(), elapsed, diagnostics, result.sorries(),
                        List.of("no verdict: the check reached the time limit of " + seconds(timeout)
                                + " (parameter timeout, -Dlean-sandbox.timeout)"));
            case MEMORY_EXCEEDED:
                return new FileOutcome(file, FileOutcome.Status.LIMIT, policy.failOnError(), elapsed, diagnostics, result.sorries(),
                        List.of("no verdict: the check ran out of memory (setting docker.memory_limit)"));
            case OUTPUT_LIMIT:
                return new FileOutcome(file, FileOutcome.Status.LIMIT, policy.failOnError(), elapsed, diagnostics, result.sorries(),
                        List.of("no verdict: the output passed its cap (setting docker.output_limit)"));
            case INFRASTRUCTURE_ERROR:
                return new FileOutcome(file, FileOutcome.Status.UNAVAILABLE, true, elapsed, diagnostics, result.sorries(),
                        List.of("no verdict, the sandbox failed: " + result.stderr().strip()));
            default:
                break;
        }
        List<String> problems = new ArrayList<>();
        boolean errors = result.hasErrors() || result.status() == Status.ERROR;
        if (errors && !result.hasErrors()) {
            problems.add("Lean ended with exit code " + result.exitCode()
                    + (result.stderr().isBlank() ? "" : ": " + result.stderr().strip()));
        }
        boolean sorry = !result.sorries().isEmpty()
                || diagnostics.stream().anyMatch(Diagnostic::isSorryWarning)
                || (proof != null && proof.axioms().contains(ProofReport.SORRY_AXIOM));
        boolean warnings = diagnostics.stream().anyMatch(d -> d.severity() == Severity.WARNING && !d.isSorryWarning());
        boolean axioms = false;
        if (proof != null && !errors && !proof.theorems().isEmpty()) {
            List<String> disallowed = proof.disallowedAxioms().stream().filter(a -> !a.equals(ProofReport.SORRY_AXIOM)).toList();
            if (!proof.axiomsKnown()) {
                axioms = true;
                problems.add("Lean did not say which axioms " + String.join(", ", proof.theorems())
                        + (proof.theorems().size() == 1 ? " depends" : " depend") + " on, so they cannot be held against allowedAxioms");
            } else if (!disallowed.isEmpty()) {
                axioms = true;
                problems.add(String.join(", ", proof.theorems()) + (proof.theorems().size() == 1 ? " depends" : " depend")
                        + " on axioms outside allowedAxioms ["
                        + String.join(", ", proof.allowedAxioms()) + "]: " + String.join(", ", disallowed));
            }
        }
        FileOutcome.Status status = errors ? FileOutcome.Status.ERROR
                : axioms ? FileOutcome.Status.AXIOMS
                : sorry ? FileOutcome.Status.SORRY
                : warnings ? FileOutcome.Status.WARNING
                : FileOutcome.Status.PASSED;
        boolean failing = (errors && policy.failOnError()) || axioms
                || (sorry && policy.failOnSorry()) || (warnings && policy.failOnWarning());
        return new FileOutcome(file, status, failing, elapsed, diagnostics, result.sorries(), problems);
    }

    /** {@code 30 s}, or {@code 1500 ms} when not whole seconds. */
    static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
