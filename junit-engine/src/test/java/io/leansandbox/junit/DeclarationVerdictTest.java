package io.leansandbox.junit;

import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.grading.AxiomPolicy;
import io.leansandbox.engine.grading.DeclarationGrade;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;
import io.leansandbox.engine.lean.Declaration;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Sorry;
import io.leansandbox.engine.result.Status;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * How the engine's grade of a file (built by hand here) becomes each declaration's test outcome and
 * the file container's, under the sorry and warning policies; and which grades end the file before
 * its tests run.
 */
class DeclarationVerdictTest {

    private static final Declaration FIRST = new Declaration("theorem", "a", 1, 3);
    private static final Declaration SECOND = new Declaration("theorem", "b", 5, 6);
    private static final List<Declaration> TESTS = List.of(FIRST, SECOND);
    /** How messages name the file: its absolute path, as the Maven plugin's do. */
    private static final String P = "/project/src/test/lean/F.lean";
    private static final LeanFile F = new LeanFile(LeanFile.FILE, P, "src/test/lean/F.lean", new byte[0]);

    private static DeclarationVerdict verdict(SorryPolicy sorry, WarningPolicy warnings) {
        return new DeclarationVerdict(new LeanEngineConfiguration(Settings.defaults(), AxiomPolicy.standard(), sorry, warnings,
                NamingStrategy.LONG, Optional.empty(), 1, List.of()));
    }

    private static final DeclarationVerdict DEFAULT = verdict(SorryPolicy.FAIL, WarningPolicy.PASS);

    private static RunResult result(Status status, List<Diagnostic> diagnostics, List<Sorry> sorries) {
        return new RunResult(status, RunMode.CHECK, diagnostics.stream().anyMatch(Diagnostic::isError) ? 1 : 0, diagnostics, sorries,
                "", "", false, Duration.ZERO, Duration.ZERO);
    }

    private static RunResult accepted(Diagnostic... diagnostics) {
        return result(Status.SUCCESS, List.of(diagnostics), List.of());
    }

    private static DeclarationGrade graded(Declaration d, Verdict verdict, String why) {
        return new DeclarationGrade(d, d.name(), verdict == Verdict.VALID ? List.of() : null, verdict, why);
    }

    private static DeclarationGrade valid(Declaration d) {
        return graded(d, Verdict.VALID, "Lean accepted it; its axioms [] are allowed");
    }

    /** A grade built from its declarations' grades. */
    private static Grade outcome(Verdict verdict, String why, RunResult result, DeclarationGrade... declarations) {
        return new Grade(verdict, Trust.OWN, why, List.of(declarations), result, Duration.ZERO);
    }

    /** A grade the engine says is about the whole file: every declaration carries the file's verdict. */
    private static FileOutcome wholeFile(Verdict verdict, String why, RunResult result, DeclarationGrade... declarations) {
        return FileOutcome.of(P, new Grade(verdict, Trust.OWN, why, List.of(declarations), result, Duration.ZERO, true),
                Duration.ofSeconds(30));
    }

    private static Diagnostic at(int line, Severity severity, String text) {
        return new Diagnostic(severity, new Position(line, 2), null, text);
    }

    @Test
    void aValidDeclarationPassesAndOnlyItsOwnErrorsCount() {
        RunResult errorInSecond = result(Status.ERROR, List.of(at(5, Severity.ERROR, "type mismatch")), List.of());
        Grade g = outcome(Verdict.ERROR, "Lean reported 1 error(s), the first at 5:2: type mismatch", errorInSecond,
                valid(FIRST), graded(SECOND, Verdict.ERROR, "Lean reported at 5:2: type mismatch"));
        assertThatCode(() -> DEFAULT.judge(FIRST, F, g)).doesNotThrowAnyException();
        assertThatThrownBy(() -> DEFAULT.judge(SECOND, F, g))
                .isInstanceOf(AssertionFailedError.class).hasMessage(P + ":5:2: error: type mismatch");
        assertThatCode(() -> DEFAULT.judgeFile(TESTS, F, g)).as("the error is the declaration's, not the file's")
                .doesNotThrowAnyException();
    }

    @Test
    void aFailureShowsTheLeanFileAndLineInItsStackTraceNotTheEngines() {
        RunResult errorInSecond = result(Status.ERROR, List.of(at(6, Severity.ERROR, "type mismatch")), List.of());
        Grade g = outcome(Verdict.ERROR, "", errorInSecond, valid(FIRST), graded(SECOND, Verdict.ERROR, "at 6:2"));
        Throwable failure = catchThrowable(() -> DEFAULT.judge(SECOND, F, g));
        assertThat(failure.getStackTrace()).containsExactly(new StackTraceElement("src.test.lean.F", "b", "F.lean", 6));
    }

    @Test
    void anErrorVerdictWithoutAMessageInsideFailsWithItsExplanation() {
        Grade g = outcome(Verdict.ERROR, "a: Lean reported at 2:0: unknown", accepted(),
                graded(FIRST, Verdict.ERROR, "Lean reported at 2:0: unknown"), valid(SECOND));
        assertThatThrownBy(() -> DEFAULT.judge(FIRST, F, g)).hasMessage(P + ":1: error: Lean reported at 2:0: unknown");
    }

    @Test
    void warningsOfAValidDeclarationFailOnlyWhenTheirPolicySaysSo() {
        Grade warned = outcome(Verdict.VALID, "Lean accepted a", accepted(at(2, Severity.WARNING, "unused variable `x`")),
                valid(FIRST));
        assertThatCode(() -> DEFAULT.judge(FIRST, F, warned)).doesNotThrowAnyException();
        assertThatThrownBy(() -> verdict(SorryPolicy.FAIL, WarningPolicy.FAIL).judge(FIRST, F, warned))
                .isInstanceOf(AssertionFailedError.class).hasMessage(P + ":2:2: warning: unused variable `x`");
    }

    @Test
    void aSorryFollowsTheSorryPolicyNotTheWarningPolicy() {
        RunResult r = result(Status.SUCCESS, List.of(at(1, Severity.WARNING, "declaration uses `sorry`")),
                List.of(new Sorry(new Position(2, 4), null, "⊢ True", 0)));
        Grade sorry = outcome(Verdict.SORRY, "the proof uses sorry at 2:4", r, graded(FIRST, Verdict.SORRY, "it uses sorry"));
        assertThatThrownBy(() -> DEFAULT.judge(FIRST, F, sorry))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage(P + ":1:2: warning: declaration uses `sorry`\n" + P + ":2:4: sorry, goal:\n⊢ True");
        assertThatThrownBy(() -> verdict(SorryPolicy.ABORT, WarningPolicy.FAIL).judge(FIRST, F, sorry))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining(P + ":2:4: sorry");
        assertThatCode(() -> verdict(SorryPolicy.PASS, WarningPolicy.FAIL).judge(FIRST, F, sorry)).doesNotThrowAnyException();
    }

    @Test
    void aSorryLeanOnlyReportsAmongTheAxiomsIsStillASorry() {
        Grade g = outcome(Verdict.SORRY, "a: a depends on sorryAx", accepted(),
                new DeclarationGrade(FIRST, "a", List.of("sorryAx"), Verdict.SORRY, "a depends on sorryAx"));
        assertThatThrownBy(() -> DEFAULT.judge(FIRST, F, g)).isInstanceOf(AssertionFailedError.class)
                .hasMessage(P + ":1: sorry: a depends on sorryAx");
        assertThatThrownBy(() -> verdict(SorryPolicy.ABORT, WarningPolicy.PASS).judge(FIRST, F, g))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void anUnverifiedDeclarationFailsSayingWhyWhateverThePolicies() {
        Grade g = outcome(Verdict.UNVERIFIED, "b: Lean did not report the axioms of b", accepted(),
                valid(FIRST), graded(SECOND, Verdict.UNVERIFIED, "Lean did not report the axioms of b"));
        assertThatCode(() -> DEFAULT.judge(FIRST, F, g)).doesNotThrowAnyException();
        for (DeclarationVerdict lenient : List.of(DEFAULT, verdict(SorryPolicy.PASS, WarningPolicy.PASS))) {
            assertThatThrownBy(() -> lenient.judge(SECOND, F, g)).isInstanceOf(AssertionFailedError.class)
                    .hasMessageStartingWith(P + ":5: unverified: Lean did not report the axioms of b")
                    .hasMessageContaining("Lean's own report of its axioms");
        }
        assertThatCode(() -> DEFAULT.judgeFile(TESTS, F, g)).as("one declaration's verdict, not the file's")
                .doesNotThrowAnyException();
    }

    @Test
    void anAxiomOutsideTheAllowedOnesAlwaysFailsNamingTheParameter() {
        String why = "a depends on Lean.ofReduceBool, outside the allowed axioms [propext, Classical.choice, Quot.sound]";
        Grade g = outcome(Verdict.AXIOM_VIOLATION, "a: " + why, accepted(),
                new DeclarationGrade(FIRST, "a", List.of("Lean.ofReduceBool"), Verdict.AXIOM_VIOLATION, why));
        assertThatThrownBy(() -> verdict(SorryPolicy.PASS, WarningPolicy.PASS).judge(FIRST, F, g))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage(P + ":1: axiom_violation: " + why
                        + " (configuration parameter lean-sandbox.allowed-axioms, or the setting grading.allowed_axioms)");
    }

    @Test
    void errorsOutsideEveryTestFailTheFileAtTheirLine() {
        // Line 8: a structure's error, or a command's; neither is a test.
        RunResult between = result(Status.ERROR, List.of(at(8, Severity.ERROR, "unknown identifier 'Nat2'")), List.of());
        Grade g = outcome(Verdict.ERROR, "Lean reported 1 error(s), the first at 8:2", between, valid(FIRST), valid(SECOND));
        Throwable failure = catchThrowable(() -> DEFAULT.judgeFile(TESTS, F, g));
        assertThat(failure).isInstanceOf(AssertionFailedError.class).hasMessage(P + ":8:2: error: unknown identifier 'Nat2'");
        assertThat(failure.getStackTrace()).containsExactly(new StackTraceElement("src.test.lean.F", "<file>", "F.lean", 8));
        assertThatCode(() -> DEFAULT.judge(FIRST, F, g)).doesNotThrowAnyException();
    }

    @Test
    void aTimeoutIsNoVerdictNamingTheLimitThatApplied() {
        String why = "the check reached the time limit";
        FileOutcome o = wholeFile(Verdict.TIMEOUT, why, result(Status.TIMEOUT, List.of(), List.of()),
                graded(FIRST, Verdict.TIMEOUT, why), graded(SECOND, Verdict.TIMEOUT, why));
        assertThat(o).isEqualTo(new FileOutcome.NoVerdict(P + ": no verdict: timeout: Lean did not finish within the time limit of 30 s"
                + " (configuration parameter lean-sandbox.timeout)"));
    }

    @Test
    void memoryAndSandboxFailuresAreNoVerdictWithTheEnginesExplanation() {
        FileOutcome memory = wholeFile(Verdict.MEMORY, "the check ran out of memory: killed", result(Status.MEMORY_EXCEEDED, List.of(),
                List.of()), graded(FIRST, Verdict.MEMORY, "the check ran out of memory: killed"));
        assertThat(memory).isEqualTo(new FileOutcome.NoVerdict(P + ": no verdict: memory: the check ran out of memory: killed"));
        FileOutcome broken = wholeFile(Verdict.INFRA_ERROR, "no verdict, the sandbox failed: agent died",
                RunResult.infrastructureError(RunMode.CHECK, "agent died", Duration.ZERO));
        assertThat(broken).isEqualTo(new FileOutcome.NoVerdict(P + ": no verdict: infra_error: no verdict, the sandbox failed: agent died"));
    }

    @Test
    void verdictsTheEngineGaveTheWholeFileFailTheFileOnce() {
        String why = "the REPL's output held 12 bytes besides its answers: something the candidate ran wrote to it";
        assertThat(wholeFile(Verdict.UNVERIFIED, why, accepted(), graded(FIRST, Verdict.UNVERIFIED, why)))
                .isEqualTo(new FileOutcome.FileFailed(P + ": unverified: " + why));
        String crashed = "the REPL ended without answering (exit code 3): boom";
        assertThat(wholeFile(Verdict.ERROR, crashed, result(Status.ERROR, List.of(), List.of())))
                .isEqualTo(new FileOutcome.FileFailed(P + ": error: " + crashed));
    }

    @Test
    void onlyAVerdictTheEngineSaysIsAboutTheWholeFileEndsTheFile() {
        // Every declaration has the file's verdict and explanation, yet the engine built the verdict
        // from theirs: each declaration's test fails on its own, the container does not.
        String why = "Lean did not report the axioms";
        Grade own = outcome(Verdict.UNVERIFIED, why, accepted(), graded(FIRST, Verdict.UNVERIFIED, why),
                graded(SECOND, Verdict.UNVERIFIED, why));
        assertThat(FileOutcome.of(P, own, Duration.ofSeconds(30))).isEqualTo(new FileOutcome.Graded(own));
        assertThatCode(() -> DEFAULT.judgeFile(TESTS, F, own)).doesNotThrowAnyException();
        assertThatThrownBy(() -> DEFAULT.judge(FIRST, F, own)).hasMessageStartingWith(P + ":1: unverified: " + why);
    }

    @Test
    void aGradedDeclarationTheEngineDidNotGradeNeverPasses() {
        Grade g = outcome(Verdict.VALID, "Lean accepted a", accepted(), valid(FIRST));
        assertThatThrownBy(() -> DEFAULT.judge(SECOND, F, g)).isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith(P + ":5: the engine did not grade b");
    }

    @Test
    void declarationsAreMatchedToTheirGradesByFirstLineAndKind() {
        Declaration sameLineOtherKind = new Declaration("def", "a", 1, 3);
        Grade grade = new Grade(Verdict.VALID, Trust.OWN, "", List.of(valid(FIRST)), accepted(), Duration.ZERO);
        assertThat(DeclarationVerdict.gradeOf(grade, new Declaration("theorem", "a", 1, 2))).isPresent();
        assertThat(DeclarationVerdict.gradeOf(grade, sameLineOtherKind)).isEmpty();
    }
}
