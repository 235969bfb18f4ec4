package io.leansandbox.maven;

import io.leansandbox.engine.InvalidSourceException;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.LeanSandboxException;
import io.leansandbox.engine.grading.AxiomPolicy;
import io.leansandbox.engine.grading.DeclarationGrade;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Submission;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;
import io.leansandbox.engine.lean.LeanSource;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Sorry;
import io.leansandbox.engine.result.Status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Grades one file with the engine and maps the verdicts onto a {@link FileOutcome} under the
 * {@link FailurePolicy}. The engine decides (see {@code io.leansandbox.engine.grading.VerdictPolicy});
 * this class only says which status each verdict is and whether it fails the build.
 *
 * <p>Files are graded at {@link Trust#OWN}, type-checked by the REPL and never run (a file that
 * defines {@code main} is checked like any other); after the check Lean is asked ({@code #print
 * axioms}) which axioms each theorem and definition depends on, and a declaration is valid only when
 * Lean answered and every axiom is allowed.
 */
final class FileChecker {

    private final LeanSandbox engine;
    private final AxiomPolicy axioms;
    private final FailurePolicy policy;

    FileChecker(LeanSandbox engine, AxiomPolicy axioms, FailurePolicy policy) {
        this.engine = engine;
        this.axioms = axioms;
        this.policy = policy;
    }

    FileOutcome check(LeanFile file, byte[] content) {
        long start = System.nanoTime();
        try {
            int maxSourceBytes = engine.settings().maxSourceBytes();
            String text = LeanSource.fromUtf8(content, maxSourceBytes).text();
            Grade grade = engine.grade(Submission.ofCode(text, null, maxSourceBytes), Trust.OWN, axioms);
            return judge(file, grade, since(start), policy, engine.settings().timeout());
        } catch (InvalidSourceException e) {
            return alone(file, FileOutcome.Status.REFUSED, policy, since(start), List.of(), List.of(), "not checked: " + e.getMessage());
        } catch (LeanSandboxException e) {
            return alone(file, FileOutcome.Status.UNAVAILABLE, policy, since(start), List.of(), List.of(),
                    "no verdict, the sandbox failed: " + e.getMessage());
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * The outcome of a file the engine graded as {@code grade}: its status is the most serious of its
     * findings that fails the build (else the most serious finding, else {@link FileOutcome.Status#PASSED}).
     *
     * <ul>
     *   <li>a verdict the engine says is about the whole file ({@link Grade#wholeFile()}) is the file's
     *       only finding: timeout, memory and infra_error are TIMEOUT, LIMIT and UNAVAILABLE; error
     *       (the REPL ended without answering) is ERROR; any other (its output was cut or held more
     *       than its answers) is UNVERIFIED, with the engine's reason;</li>
     *   <li>otherwise each graded declaration counts with its own verdict: error is ERROR, sorry is
     *       SORRY, axiom_violation is AXIOMS, unverified is UNVERIFIED; Lean's errors, sorries and
     *       warnings anywhere in the file are ERROR, SORRY and WARNING.</li>
     * </ul>
     *
     * A file that declares nothing the engine grades (only structures, inductive types, classes,
     * commands) has no declaration verdicts: Lean's messages alone decide it.
     */
    static FileOutcome judge(LeanFile file, Grade grade, Duration elapsed, FailurePolicy policy, Duration timeout) {
        if (grade.wholeFile()) {
            return wholeFile(file, grade, elapsed, policy, timeout);
        }
        RunResult result = grade.result();
        List<Diagnostic> diagnostics = result.diagnostics();
        Findings findings = new Findings(policy);
        if (result.hasErrors()) {
            findings.add(FileOutcome.Status.ERROR);
        }
        boolean sorryMessages = !result.sorries().isEmpty() || diagnostics.stream().anyMatch(Diagnostic::isSorryWarning);
        if (sorryMessages) {
            findings.add(FileOutcome.Status.SORRY);
        }
        for (DeclarationGrade d : grade.declarations()) {
            int line = d.declaration().startLine();
            switch (d.verdict()) {
                case VALID -> {
                }
                case ERROR -> findings.add(FileOutcome.Status.ERROR, result.hasErrors() ? null : d.displayName() + ": " + d.explanation(), line);
                // A sorry Lean only reported among the axioms (sorryAx) has no message of its own.
                case SORRY -> findings.add(FileOutcome.Status.SORRY, sorryMessages ? null : d.displayName() + ": " + d.explanation(), line);
                case AXIOM_VIOLATION -> findings.add(FileOutcome.Status.AXIOMS, d.explanation() + " (parameter allowedAxioms)", line);
                default -> findings.add(FileOutcome.Status.UNVERIFIED, d.displayName() + " is " + d.verdict().wireName() + ": "
                        + d.explanation(), line);
            }
        }
        if (diagnostics.stream().anyMatch(d -> d.severity() == Severity.WARNING && !d.isSorryWarning())) {
            findings.add(FileOutcome.Status.WARNING);
        }
        return findings.outcome(file, elapsed, diagnostics, result);
    }

    /** The outcome of a verdict about the whole file: the engine's reason, not its declarations'. */
    private static FileOutcome wholeFile(LeanFile file, Grade grade, Duration elapsed, FailurePolicy policy, Duration timeout) {
        RunResult result = grade.result();
        List<Diagnostic> diagnostics = result.diagnostics();
        switch (grade.verdict()) {
            case TIMEOUT:
                return alone(file, FileOutcome.Status.TIMEOUT, policy, elapsed, diagnostics, result.sorries(),
                        "no verdict: the check reached the time limit of " + seconds(timeout) + " (parameter timeout, -Dlean-sandbox.timeout)");
            case MEMORY:
                return alone(file, FileOutcome.Status.LIMIT, policy, elapsed, diagnostics, result.sorries(),
                        "no verdict: the check ran out of memory (setting docker.memory_limit)");
            case INFRA_ERROR:
                return alone(file, FileOutcome.Status.UNAVAILABLE, policy, elapsed, diagnostics, result.sorries(),
                        "no verdict, the sandbox failed: " + result.stderr().strip());
            default:
                Findings findings = new Findings(policy);
                findings.add(grade.verdict() == Verdict.ERROR ? FileOutcome.Status.ERROR : FileOutcome.Status.UNVERIFIED,
                        grade.explanation() + (result.status() == Status.OUTPUT_LIMIT ? " (setting docker.output_limit)" : ""), 0);
                return findings.outcome(file, elapsed, diagnostics, result);
        }
    }

    /** The outcome of a file whose only finding is {@code problem}, about the whole file. */
    private static FileOutcome alone(LeanFile file, FileOutcome.Status status, FailurePolicy policy, Duration elapsed,
                                     List<Diagnostic> diagnostics, List<Sorry> sorries, String problem) {
        return new FileOutcome(file, status, policy.fails(status), elapsed, diagnostics, sorries, List.of(Problem.ofFile(status, problem)));
    }

    /** The findings of one file, and which of them fail the build. */
    private static final class Findings {
        private final FailurePolicy policy;
        private final List<Problem> problems = new ArrayList<>();
        private FileOutcome.Status worst;
        private FileOutcome.Status worstFailing;

        Findings(FailurePolicy policy) {
            this.policy = policy;
        }

        /** A finding whose messages are Lean's own (in the diagnostics or the sorries). */
        void add(FileOutcome.Status status) {
            add(status, null, 0);
        }

        /**
         * A finding with a problem to say, about the declaration at {@code line} (0: the whole file).
         * The same sentence is said once, at its first declaration.
         */
        void add(FileOutcome.Status status, String problem, int line) {
            if (problem != null && problems.stream().noneMatch(p -> p.message().equals(problem))) {
                problems.add(new Problem(status, problem, line));
            }
            worst = worst == null || status.compareTo(worst) > 0 ? status : worst;
            if (policy.fails(status)) {
                worstFailing = worstFailing == null || status.compareTo(worstFailing) > 0 ? status : worstFailing;
            }
        }

        FileOutcome outcome(LeanFile file, Duration elapsed, List<Diagnostic> diagnostics, RunResult result) {
            FileOutcome.Status status = worstFailing != null ? worstFailing : worst != null ? worst : FileOutcome.Status.PASSED;
            return new FileOutcome(file, status, worstFailing != null, elapsed, diagnostics, result.sorries(), problems);
        }
    }

    /** {@code 30 s}, or {@code 1500 ms} when not whole seconds. */
    static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
