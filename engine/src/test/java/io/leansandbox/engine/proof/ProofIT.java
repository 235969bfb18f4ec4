package io.leansandbox.engine.proof;

import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.testing.LeanInputs;
import io.leansandbox.engine.testing.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.leansandbox.engine.testing.LeanInputs.directive;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proof grading through the Docker backend. Errors and sorries come from recorded transcripts;
 * the axioms a theorem depends on come from the stand-in's {@code axioms} directive (no transcript
 * records {@code #print axioms}).
 */
class ProofIT {

    private static LeanSandbox engine;

    @BeforeAll
    static void start() {
        engine = LeanSandbox.start(TestEngines.docker(1).toBuilder().timeout(java.time.Duration.ofSeconds(3)).build());
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void aRecordedErrorIsAnError() {
        ProofReport report = engine.checkProof(LeanInputs.firstCommandOf("self_proof_exact_check"), ProofReport.STANDARD_AXIOMS);
        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.result().hasErrors()).isTrue();
        assertThat(report.theorems()).containsExactly("ex");
    }

    @Test
    void aRecordedSorryIsASorry() {
        ProofReport report = engine.checkProof(LeanInputs.firstCommandOf("dup_sorries"), ProofReport.STANDARD_AXIOMS);
        assertThat(report.verdict()).isEqualTo(Verdict.SORRY);
        assertThat(report.explanation()).contains("sorry at 1:24");
    }

    @Test
    void aHangIsATimeout() {
        ProofReport report = engine.checkProof("theorem t : True := trivial\n" + directive("hang"), ProofReport.STANDARD_AXIOMS);
        assertThat(report.verdict()).isEqualTo(Verdict.TIMEOUT);
    }

    @Test
    void axiomsAreReadFromLeanAndHeldAgainstTheAllowList() {
        // The check itself gets the stand-in's default (no message): this test is about reading the axioms.
        String code = "namespace N\ntheorem t : True := trivial\nend N\n" + directive("axioms N.t propext,Classical.choice");
        ProofReport standard = engine.checkProof(code, ProofReport.STANDARD_AXIOMS);
        assertThat(standard.theorems()).containsExactly("N.t");
        assertThat(standard.axioms()).containsExactly("propext", "Classical.choice");
        assertThat(standard.axiomsKnown()).isTrue();
        assertThat(standard.axiomsAllowed()).isTrue();

        ProofReport strict = engine.checkProof(code, List.of("propext"));
        assertThat(strict.disallowedAxioms()).containsExactly("Classical.choice");
        assertThat(strict.axiomsAllowed()).isFalse();
    }

    @Test
    void sorryAxIsASorryEvenWithoutASorryInTheText() {
        ProofReport report = engine.checkProof("theorem t : True := trivial\n" + directive("axioms t sorryAx"), ProofReport.STANDARD_AXIOMS);
        assertThat(report.verdict()).isEqualTo(Verdict.SORRY);
        assertThat(report.disallowedAxioms()).containsExactly("sorryAx");
    }

    @Test
    void axiomsLeanDoesNotReportAreUnknownNotEmpty() {
        ProofReport report = engine.checkProof("theorem t : True := trivial", ProofReport.STANDARD_AXIOMS);
        assertThat(report.axiomsKnown()).isFalse();
        assertThat(report.axiomsAllowed()).isFalse();
    }

    @Test
    void proofsWithAHeaderAreGradedOnWarmRepls() {
        String code = "import Mathlib\ntheorem t : True := trivial\n" + directive("axioms t propext");
        ProofReport report = engine.checkProof(code, ProofReport.STANDARD_AXIOMS);
        assertThat(report.axioms()).containsExactly("propext");
        assertThat(engine.warmStats().checks()).isPositive();
    }
}
