package io.leansandbox.maven;

import io.leansandbox.engine.proof.ProofReport;
import io.leansandbox.engine.proof.Verdict;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.leansandbox.maven.Outcomes.accepted;
import static io.leansandbox.maven.Outcomes.diagnostic;
import static io.leansandbox.maven.Outcomes.file;
import static io.leansandbox.maven.Outcomes.result;
import static io.leansandbox.maven.Outcomes.unsolvedGoals;
import static io.leansandbox.maven.Outcomes.usesSorry;
import static org.assertj.core.api.Assertions.assertThat;

/** How a check's result becomes a file's status, and when that fails the build. */
class FileCheckerTest {

    private static FileOutcome judge(RunResult result, FailurePolicy policy) {
        return FileChecker.judge(file("A.lean"), result, null, Duration.ofMillis(10), policy, Duration.ofSeconds(2));
    }

    private static FileOutcome judge(RunResult result, ProofReport proof) {
        return FileChecker.judge(file("A.lean"), result, proof, Duration.ofMillis(10), Outcomes.DEFAULT_POLICY, Duration.ofSeconds(2));
    }

    private static ProofReport proof(RunResult result, List<String> axioms, boolean known, List<String> allowed) {
        List<String> disallowed = axioms.stream().filter(a -> !allowed.contains(a)).toList();
        return new ProofReport(Verdict.VALID, "", result, List.of("t"), axioms, known, allowed, disallowed);
    }

    @Test
    void acceptedPasses() {
        FileOutcome o = judge(accepted(), Outcomes.DEFAULT_POLICY);
        assertThat(o.status()).isEqualTo(FileOutcome.Status.PASSED);
        assertThat(o.failing()).isFalse();
        assertThat(o.passedCheck()).isTrue();
    }

    @Test
    void anErrorFailsUnlessFailOnErrorIsOff() {
        assertThat(judge(unsolvedGoals(), Outcomes.DEFAULT_POLICY)).satisfies(o -> {
            assertThat(o.status()).isEqualTo(FileOutcome.Status.ERROR);
            assertThat(o.failing()).isTrue();
            assertThat(o.passedCheck()).isFalse();
        });
        assertThat(judge(unsolvedGoals(), new FailurePolicy(false, true, false)).failing()).isFalse();
    }

    @Test
    void aNonZeroExitWithoutAnErrorMessageIsAnErrorThatSaysSo() {
        RunResult crashed = new RunResult(Status.ERROR, io.leansandbox.engine.result.RunMode.CHECK, 3, List.of(), List.of(),
                "", "boom", false, Duration.ZERO, Duration.ZERO);
        FileOutcome o = judge(crashed, Outcomes.DEFAULT_POLICY);
        assertThat(o.status()).isEqualTo(FileOutcome.Status.ERROR);
        assertThat(o.problems()).containsExactly("Lean ended with exit code 3: boom");
    }

    @Test
    void aSorryFailsUnlessFailOnSorryIsOff() {
        assertThat(judge(usesSorry(), Outcomes.DEFAULT_POLICY)).satisfies(o -> {
            assertThat(o.status()).isEqualTo(FileOutcome.Status.SORRY);
            assertThat(o.failing()).isTrue();
        });
        FileOutcome allowed = judge(usesSorry(), new FailurePolicy(true, false, true));
        assertThat(allowed.status()).isEqualTo(FileOutcome.Status.SORRY);
        assertThat(allowed.failing()).as("the sorry warning is failOnSorry's business, not failOnWarning's").isFalse();
    }

    @Test
    void theSorryWarningAloneIsASorryInEitherQuoting() {
        RunResult oldLean = result(Status.SUCCESS, List.of(diagnostic(Severity.WARNING, 1, 8, "declaration uses 'sorry'")), List.of());
        assertThat(judge(oldLean, Outcomes.DEFAULT_POLICY).status()).isEqualTo(FileOutcome.Status.SORRY);
    }

    @Test
    void warningsFailOnlyWithFailOnWarning() {
        RunResult warned = result(Status.SUCCESS, List.of(diagnostic(Severity.WARNING, 2, 4, "unused variable `x`")), List.of());
        assertThat(judge(warned, Outcomes.DEFAULT_POLICY)).satisfies(o -> {
            assertThat(o.status()).isEqualTo(FileOutcome.Status.WARNING);
            assertThat(o.failing()).isFalse();
        });
        assertThat(judge(warned, new FailurePolicy(true, true, true)).failing()).isTrue();
    }

    @Test
    void infoMessagesAreNotFindings() {
        RunResult info = result(Status.SUCCESS, List.of(diagnostic(Severity.INFO, 1, 0, "rfl : f = f")), List.of());
        assertThat(judge(info, new FailurePolicy(true, true, true)).status()).isEqualTo(FileOutcome.Status.PASSED);
    }

    @Test
    void aTimeoutIsNoVerdictAndNamesTheLimit() {
        FileOutcome o = judge(result(Status.TIMEOUT, List.of(), List.of()), Outcomes.DEFAULT_POLICY);
        assertThat(o.status()).isEqualTo(FileOutcome.Status.TIMEOUT);
        assertThat(o.failing()).isTrue();
        assertThat(o.problems()).singleElement().asString().contains("time limit of 2 s").contains("-Dlean-sandbox.timeout");
    }

    @Test
    void limitsAreNoVerdict() {
        assertThat(judge(result(Status.MEMORY_EXCEEDED, List.of(), List.of()), Outcomes.DEFAULT_POLICY).problems())
                .singleElement().asString().contains("memory");
        assertThat(judge(result(Status.OUTPUT_LIMIT, List.of(), List.of()), Outcomes.DEFAULT_POLICY).status())
                .isEqualTo(FileOutcome.Status.LIMIT);
    }

    @Test
    void aSandboxFailureIsUnavailableAndAlwaysFails() {
        RunResult broken = RunResult.infrastructureError(io.leansandbox.engine.result.RunMode.CHECK, "agent died", Duration.ZERO);
        FileOutcome o = judge(broken, new FailurePolicy(false, false, false));
        assertThat(o.status()).isEqualTo(FileOutcome.Status.UNAVAILABLE);
        assertThat(o.failing()).isTrue();
        assertThat(o.passedCheck()).isFalse();
        assertThat(o.problems()).singleElement().asString().contains("agent died");
    }

    @Test
    void axiomsOutsideTheAllowListFail() {
        FileOutcome o = judge(accepted(), proof(accepted(), List.of("propext", "Classical.choice"), true, List.of("propext")));
        assertThat(o.status()).isEqualTo(FileOutcome.Status.AXIOMS);
        assertThat(o.failing()).isTrue();
        assertThat(o.problems()).containsExactly("t depends on axioms outside allowedAxioms [propext]: Classical.choice");
    }

    @Test
    void allowedAxiomsPass() {
        FileOutcome o = judge(accepted(), proof(accepted(), List.of("propext"), true, List.of("propext", "Quot.sound")));
        assertThat(o.status()).isEqualTo(FileOutcome.Status.PASSED);
    }

    @Test
    void unknownAxiomsFailWhenTheyAreChecked() {
        FileOutcome o = judge(accepted(), proof(accepted(), List.of(), false, List.of("propext")));
        assertThat(o.status()).isEqualTo(FileOutcome.Status.AXIOMS);
        assertThat(o.problems()).singleElement().asString().contains("Lean did not say which axioms t depends on");
    }

    @Test
    void sorryAxIsASorryNotAnAxiomProblem() {
        FileOutcome o = judge(accepted(), proof(accepted(), List.of("sorryAx"), true, List.of("propext")));
        assertThat(o.status()).isEqualTo(FileOutcome.Status.SORRY);
        assertThat(o.problems()).isEmpty();
    }

    @Test
    void aFileWithoutTheoremsHasNoAxiomsToCheck() {
        ProofReport noTheorems = new ProofReport(Verdict.ERROR, "no theorem", accepted(), List.of(), List.of(), false,
                List.of("propext"), List.of());
        assertThat(judge(accepted(), noTheorems).status()).isEqualTo(FileOutcome.Status.PASSED);
    }
}
