package io.leansandbox.maven;

import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Sorry;

import java.time.Duration;
import java.util.List;

/**
 * What checking one file found.
 *
 * @param file        the file
 * @param status      the most serious finding that fails the build, else the most serious finding
 * @param failing     whether it fails the build (see {@link FailurePolicy}); never for a pass or an unchanged file
 * @param elapsed     how long its check took
 * @param diagnostics Lean's messages, in Lean's order
 * @param sorries     the {@code sorry}s Lean found
 * @param problems    findings without a position in the file's text (a timeout, a refused source, an axiom outside
 *                    the allowed ones, why a declaration is unverified)
 */
record FileOutcome(
        LeanFile file,
        Status status,
        boolean failing,
        Duration elapsed,
        List<Diagnostic> diagnostics,
        List<Sorry> sorries,
        List<Problem> problems) {

    /** A file's finding, most serious last among the verdicts. */
    enum Status {
        /**
         * Valid: Lean accepted it with no error, no warning and no {@code sorry}, and reported the axioms
         * of every theorem and definition, all allowed.
         */
        PASSED,
        /** Not checked: unchanged since its last passing check (at the same toolchain and settings), so it passes. */
        UNCHANGED,
        /** Lean accepted it with warnings. */
        WARNING,
        /** Lean accepted it, but a proof uses {@code sorry}. */
        SORRY,
        /** A theorem or definition depends on an axiom outside allowedAxioms. */
        AXIOMS,
        /**
         * Validity could not be established: Lean did not report which axioms a theorem or definition
         * depends on, or its answer cannot be trusted (the output was cut, or held more than Lean's
         * answers). Never a pass.
         */
        UNVERIFIED,
        /** Lean reported an error. */
        ERROR,
        /** The check reached the time limit. */
        TIMEOUT,
        /** The check reached the memory limit. (Output cut at its cap is {@link #UNVERIFIED}: Lean's answer is incomplete.) */
        LIMIT,
        /** The engine refused the file before Lean saw it (empty, too large, not UTF-8, a refused import). */
        REFUSED,
        /** The sandbox failed: no verdict on the file. */
        UNAVAILABLE;

        /** Whether the finding is about the file itself, as opposed to the check not reaching a verdict. */
        boolean isVerdict() {
            return this == WARNING || this == SORRY || this == AXIOMS || this == UNVERIFIED || this == ERROR;
        }
    }

    FileOutcome {
        diagnostics = List.copyOf(diagnostics);
        sorries = List.copyOf(sorries);
        problems = List.copyOf(problems);
    }

    static FileOutcome unchanged(LeanFile file) {
        return new FileOutcome(file, Status.UNCHANGED, false, Duration.ZERO, List.of(), List.of(), List.of());
    }

    /** The problems' messages, in order. */
    List<String> problemMessages() {
        return problems.stream().map(Problem::message).toList();
    }

    /** Whether the file passed this run's check: only such files go into the cache. */
    boolean passedCheck() {
        return !failing && status != Status.UNCHANGED && status != Status.UNAVAILABLE;
    }
}
