package io.leansandbox.engine.grading;

import io.leansandbox.engine.sandbox.AgentOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Comparator's outcomes, in the wording of its Main.lean, Compare.lean and Axioms.lean at commit 75c730e9. */
class ComparatorOutcomeTest {

    private static Verdict verdict(int exitCode, String stdout, String stderr) {
        return ComparatorOutcome.read(new AgentOutcome(AgentOutcome.Ending.EXITED, exitCode, stdout, stderr, false, 0, 0)).getKey();
    }

    @Test
    void acceptanceNeedsExitZeroAndItsWords() {
        assertThat(verdict(0, "Building Challenge\nLean default kernel accepts the solution\nYour solution is okay!\n", ""))
                .isEqualTo(Verdict.VALID);
        assertThat(verdict(0, "Building Challenge\n", "")).isEqualTo(Verdict.UNVERIFIED);
    }

    @Test
    void rejectionsByReason() {
        assertThat(verdict(1, "", "uncaught exception: Illegal axiom detected: 'helper'")).isEqualTo(Verdict.AXIOM_VIOLATION);
        assertThat(verdict(1, "", "uncaught exception: Challenge and solution theorem statement do not match: 'comm'"))
                .isEqualTo(Verdict.STATEMENT_MISMATCH);
        assertThat(verdict(1, "", "uncaught exception: Challenge and solution constant kind don't match: 'comm'"))
                .isEqualTo(Verdict.STATEMENT_MISMATCH);
        assertThat(verdict(1, "", "uncaught exception: Solution constant is not a theorem: 'comm'")).isEqualTo(Verdict.STATEMENT_MISMATCH);
        assertThat(verdict(1, "", "uncaught exception: (kernel) declaration type mismatch, 'boom'")).isEqualTo(Verdict.KERNEL_REJECTED);
        assertThat(verdict(1, "", "uncaught exception: Child exited with 1")).isEqualTo(Verdict.INFRA_ERROR);
    }

    @Test
    void theToolsOwnFailuresAreNoVerdict() {
        assertThat(verdict(2, "", "lean-sandbox-gold: comparator not found")).isEqualTo(Verdict.INFRA_ERROR);
        assertThat(verdict(3, "", "stand-in comparator: no recorded outcome for this challenge and solution")).isEqualTo(Verdict.UNVERIFIED);
        assertThat(verdict(134, "", "INTERNAL PANIC")).isEqualTo(Verdict.UNVERIFIED);
        assertThat(ComparatorOutcome.read(new AgentOutcome(AgentOutcome.Ending.TIMEOUT, null, "", "", false, 0, 0)).getKey())
                .isEqualTo(Verdict.TIMEOUT);
    }
}
