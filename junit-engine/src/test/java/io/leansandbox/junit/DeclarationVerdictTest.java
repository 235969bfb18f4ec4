package io.leansandbox.junit;

import io.leansandbox.engine.config.Settings;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the engine's grade of a file (built by hand here) becomes each declaration's test outcome and
 * the file container's, under the sorry and warning policies.
 */
class DeclarationVerdictTest {

    private static final Declaration FIRST = new Declaration("theorem", "a", 1, 3);
    private static final Declaration SECOND = new Declaration("theorem", "b", 5, 6);
    private static final Declaration POINT = new Declaration("structure", "Point", 8, 9);
    private static final List<Declaration> ALL = List.of(FIRST, SECOND, POINT);

    private static DeclarationVerdict verdict(SorryPolicy sorry, WarningPolicy warnings) {
        return new DeclarationVerdict(new LeanEngineConfiguration(Settings.defaults(), sorry, warnings, 1, List.of()));
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
    private static FileOutcome outcome(Verdict verdict, String why, RunResult result, DeclarationGrade... declarations) {
        return FileOutcome.of(new Grade(verdict, Trust.OWN, why, List.of(declarations), result, Duration.ZERO));
    }

    /** A grade the engine says is about the whole file: every declaration carries the file's verdict. */
    private static FileOutcome wholeFile(Verdict verdict, String why, RunResult result, DeclarationGrade... declarations) {
        return FileOutcome.of(new Grade(verdict, Trust.OWN, why, List.of(declarations), result, Duration.ZERO, true));
    }

    private static Diagnostic at(int line, Severity severity, String text) {
        return new Diagnostic(severity, new Position(line, 2), null, text);
    }

    @Test
    void aValidDeclarationPassesAndOnlyItsOwnErrorsCount() {
        RunResult errorInSecond = result(Status.ERROR, List.of(at(5, Severity.ERROR, "type mismatch")), List.of());
        FileOutcome o = outcome(Verdict.ERROR, "Lean reported 1 error(s), the first at 5:2: type mismatch", errorInSecond,
                valid(FIRST), graded(SECOND, Verdict.ERROR, "Lean reported at 5:2: type mismatch"));
        assertThatCode(() -> DEFAULT.judge(FIRST, "F.lean", o)).doesNotThrowAnyException();
        assertThatThrownBy(() -> DEFAULT.judge(SECOND, "F.lean", o))
                .isInstanceOf(AssertionFailedError.class).hasMessage("F.lean:5:2: error: type mismatch");
        assertThatCode(() -> DEFAULT.judgeFile(ALL, "F.lean", o)).as("the error is the declaration's, not the file's")
                .doesNotThrowAnyException();
    }

    @Test
    void anErrorVerdictWithoutAMessageInsideFailsWithItsExplanation() {
        FileOutcome o = outcome(Verdict.ERROR, "a: Lean reported at 2:0: unknown", accepted(),
                graded(FIRST, Verdict.ERROR, "Lean reported at 2:0: unknown"), valid(SECOND));
        assertThatThrownBy(() -> DEFAULT.judge(FIRST, "F.lean", o)).hasMessage("F.lean:1: error: Lean reported at 2:0: unknown");
    }

    @Test
    void warningsOfAValidDeclarationFailOnlyWhenTheirPolicySaysSo() {
        FileOutcome warned = outcome(Verdict.VALID, "Lean accepted a", accepted(at(2, Severity.WARNING, "unused variable `x`")),
                valid(FIRST));
        assertThatCode(() -> DEFAULT.judge(FIRST, "F.lean", warned)).doesNotThrowAnyException();
        assertThatThrownBy(() -> verdict(SorryPolicy.FAIL, WarningPolicy.FAIL).judge(FIRST, "F.lean", warned))
                .isInstanceOf(AssertionFailedError.class).hasMessage("F.lean:2:2: warning: unused variable `x`");
    }

    @Test
    void aSorryFollowsTheSorryPolicyNotTheWarningPolicy() {
        RunResult r = result(Status.SUCCESS, List.of(at(1, Severity.WARNING, "declaration uses `sorry`")),
                List.of(new Sorry(new Position(2, 4), null, "⊢ True", 0)));
        FileOutcome sorry = outcome(Verdict.SORRY, "the proof uses sorry at 2:4", r, graded(FIRST, Verdict.SORRY, "it uses sorry"));
        assertThatThrownBy(() -> DEFAULT.judge(FIRST, "F.lean", sorry))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("F.lean:1:2: warning: declaration uses `sorry`\nF.lean:2:4: sorry, goal:\n⊢ True");
        assertThatThrownBy(() -> verdict(SorryPolicy.ABORT, WarningPolicy.FAIL).judge(FIRST, "F.lean", sorry))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("F.lean:2:4: sorry");
        assertThatCode(() -> verdict(SorryPolicy.PASS, WarningPolicy.FAIL).judge(FIRST, "F.lean", sorry)).doesNotThrowAnyException();
    }

    @Test
    void aSorryLeanOnlyReportsAmongTheAxiomsIsStillASorry() {
        FileOutcome o = outcome(Verdict.SORRY, "a: a depends on sorryAx", accepted(),
                new DeclarationGrade(FIRST, "a", List.of("sorryAx"), Verdict.SORRY, "a depends on sorryAx"));
        assertThatThrownBy(() -> DEFAULT.judge(FIRST, "F.lean", o)).isInstanceOf(AssertionFailedError.class)
                .hasMessage("F.lean:1: sorry: a depends on sorryAx");
        assertThatThrownBy(() -> verdict(SorryPolicy.ABORT, WarningPolicy.PASS).judge(FIRST, "F.lean", o))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void anUnverifiedDeclarationFailsSayingWhyWhateverThePolicies() {
        FileOutcome o = outcome(Verdict.UNVERIFIED, "b: Lean did not report the axioms of b", accepted(),
                valid(FIRST), graded(SECOND, Verdict.UNVERIFIED, "Lean did not report the axioms of b"));
        assertThatCode(() -> DEFAULT.judge(FIRST, "F.lean", o)).doesNotThrowAnyException();
        for (DeclarationVerdict lenient : List.of(DEFAULT, verdict(SorryPolicy.PASS, WarningPolicy.PASS))) {
            assertThatThrownBy(() -> lenient.judge(SECOND, "F.lean", o)).isInstanceOf(AssertionFailedError.class)
                    .hasMessageStartingWith("F.lean:5: unverified: Lean did not report the axioms of b")
                    .hasMessageContaining("Lean's own report of its axioms");
        }
        assertThatCode(() -> DEFAULT.judgeFile(ALL, "F.lean", o)).as("one declaration's verdict, not the file's")
                .doesNotThrowAnyException();
    }

    @Test
    void anAxiomOutsideTheAllowedOnesAlwaysFails() {
        String why = "a depends on Lean.ofReduceBool, outside the allowed axioms [propext, Classical.choice, Quot.sound]";
        FileOutcome o = outcome(Verdict.AXIOM_VIOLATION, "a: " + why, accepted(),
                new DeclarationGrade(FIRST, "a", List.of("Lean.ofReduceBool"), Verdict.AXIOM_VIOLATION, why));
        assertThatThrownBy(() -> verdict(SorryPolicy.PASS, WarningPolicy.PASS).judge(FIRST, "F.lean", o))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("F.lean:1: axiom_violation: " + why + " (setting grading.allowed_axioms)");
    }

    @Test
    void errorsOutsideEveryDeclarationFailTheFile() {
        RunResult between = result(Status.ERROR, List.of(at(4, Severity.ERROR, "unknown namespace")), List.of());
        FileOutcome o = outcome(Verdict.ERROR, "Lean reported 1 error(s), the first at 4:2: unknown namespace", between,
                valid(FIRST), valid(SECOND));
        assertThatThrownBy(() -> DEFAULT.judgeFile(ALL, "F.lean", o)).hasMessage("F.lean:4:2: error: unknown namespace");
        assertThatCode(() -> DEFAULT.judge(FIRST, "F.lean", o)).doesNotThrowAnyException();
    }

    @Test
    void aTimeoutFailsTheFileAndEveryDeclarationNamingTheLimit() {
        String why = "the check reached the time limit";
        FileOutcome o = wholeFile(Verdict.TIMEOUT, why, result(Status.TIMEOUT, List.of(), List.of()),
                graded(FIRST, Verdict.TIMEOUT, why), graded(SECOND, Verdict.TIMEOUT, why));
        String expected = "F.lean: timeout: Lean did not finish within the time limit of 30 s"
                + " (configuration parameter lean-sandbox.timeout)";
        assertThatThrownBy(() -> DEFAULT.judgeFile(ALL, "F.lean", o)).hasMessage(expected);
        for (Declaration d : ALL) {
            assertThatThrownBy(() -> DEFAULT.judge(d, "F.lean", o)).isInstanceOf(AssertionFailedError.class).hasMessage(expected);
        }
    }

    @Test
    void memoryAndSandboxFailuresFailTheFileWithTheEnginesExplanation() {
        FileOutcome memory = wholeFile(Verdict.MEMORY, "the check ran out of memory: killed", result(Status.MEMORY_EXCEEDED, List.of(),
                List.of()), graded(FIRST, Verdict.MEMORY, "the check ran out of memory: killed"));
        String expected = "F.lean: memory: the check ran out of memory: killed";
        assertThatThrownBy(() -> DEFAULT.judgeFile(ALL, "F.lean", memory)).hasMessage(expected);
        assertThatThrownBy(() -> DEFAULT.judge(POINT, "F.lean", memory)).hasMessage(expected);
        FileOutcome broken = wholeFile(Verdict.INFRA_ERROR, "no verdict, the sandbox failed: agent died",
                RunResult.infrastructureError(RunMode.CHECK, "agent died", Duration.ZERO));
        assertThatThrownBy(() -> DEFAULT.judgeFile(List.of(), "F.lean", broken))
                .hasMessage("F.lean: infra_error: no verdict, the sandbox failed: agent died");
    }

    @Test
    void anUnverifiedVerdictTheEngineGaveTheWholeFileFailsTheFileAndEveryDeclaration() {
        String why = "the REPL's output held 12 bytes besides its answers: something the candidate ran wrote to it";
        FileOutcome o = wholeFile(Verdict.UNVERIFIED, why, accepted(),
                graded(FIRST, Verdict.UNVERIFIED, why), graded(SECOND, Verdict.UNVERIFIED, why));
        assertThatThrownBy(() -> DEFAULT.judgeFile(ALL, "F.lean", o)).hasMessage("F.lean: unverified: " + why);
        assertThatThrownBy(() -> DEFAULT.judge(FIRST, "F.lean", o)).hasMessage("F.lean: unverified: " + why);
        assertThatThrownBy(() -> DEFAULT.judge(POINT, "F.lean", o)).as("not graded, but in the file")
                .hasMessage("F.lean: unverified: " + why);
    }

    @Test
    void aReplThatEndedWithoutAnsweringFailsTheFile() {
        String why = "the REPL ended without answering (exit code 3): boom";
        FileOutcome o = wholeFile(Verdict.ERROR, why, result(Status.ERROR, List.of(), List.of()));
        assertThatThrownBy(() -> DEFAULT.judgeFile(List.of(POINT), "F.lean", o)).hasMessage("F.lean: error: " + why);
        assertThatThrownBy(() -> DEFAULT.judge(POINT, "F.lean", o)).hasMessage("F.lean: error: " + why);
    }

    @Test
    void onlyAVerdictTheEngineSaysIsAboutTheWholeFileFailsTheFile() {
        // Every declaration has the file's verdict and explanation, yet the engine built the verdict
        // from theirs: each declaration's test fails on its own, the container does not.
        String why = "Lean did not report the axioms";
        RunResult r = accepted();
        DeclarationGrade[] both = {graded(FIRST, Verdict.UNVERIFIED, why), graded(SECOND, Verdict.UNVERIFIED, why)};
        FileOutcome own = outcome(Verdict.UNVERIFIED, why, r, both);
        assertThatCode(() -> DEFAULT.judgeFile(ALL, "F.lean", own)).doesNotThrowAnyException();
        assertThatThrownBy(() -> DEFAULT.judge(FIRST, "F.lean", own)).hasMessageStartingWith("F.lean:1: unverified: " + why);
        assertThatCode(() -> DEFAULT.judge(POINT, "F.lean", own)).doesNotThrowAnyException();
        FileOutcome file = wholeFile(Verdict.UNVERIFIED, why, r, both);
        assertThatThrownBy(() -> DEFAULT.judgeFile(ALL, "F.lean", file)).hasMessage("F.lean: unverified: " + why);
        assertThatThrownBy(() -> DEFAULT.judge(FIRST, "F.lean", file)).hasMessage("F.lean: unverified: " + why);
        assertThatThrownBy(() -> DEFAULT.judge(POINT, "F.lean", file)).hasMessage("F.lean: unverified: " + why);
    }

    @Test
    void anUngradedDeclarationFailsOnlyOnItsOwnErrorsAndSorries() {
        // A file of structures only: nothing to grade, and Lean reported no error, so the engine says
        // valid with no declaration grades; Lean's messages decide the structures.
        FileOutcome nothingGraded = outcome(Verdict.VALID,
                "Lean reported no error; the file declares nothing to grade (no theorem, lemma, example or definition)", accepted());
        assertThatCode(() -> DEFAULT.judge(POINT, "F.lean", nothingGraded)).doesNotThrowAnyException();
        assertThatCode(() -> DEFAULT.judgeFile(List.of(POINT), "F.lean", nothingGraded)).doesNotThrowAnyException();
        FileOutcome warned = outcome(Verdict.VALID, nothingGraded.grade().explanation(),
                accepted(at(8, Severity.WARNING, "unused variable `x`")));
        assertThatCode(() -> DEFAULT.judge(POINT, "F.lean", warned)).doesNotThrowAnyException();
        assertThatThrownBy(() -> verdict(SorryPolicy.FAIL, WarningPolicy.FAIL).judge(POINT, "F.lean", warned))
                .hasMessage("F.lean:8:2: warning: unused variable `x`");

        FileOutcome typeError = outcome(Verdict.ERROR, "Lean reported 1 error(s), the first at 9:2: unknown identifier 'Nat2'",
                result(Status.ERROR, List.of(at(9, Severity.ERROR, "unknown identifier 'Nat2'")), List.of()));
        assertThatThrownBy(() -> DEFAULT.judge(POINT, "F.lean", typeError)).hasMessage("F.lean:9:2: error: unknown identifier 'Nat2'");
        assertThatCode(() -> DEFAULT.judgeFile(List.of(POINT), "F.lean", typeError)).as("the error is the structure's")
                .doesNotThrowAnyException();

        FileOutcome broken = outcome(Verdict.ERROR, "Lean reported 1 error(s), the first at 9:2: unknown identifier 'Nat2'",
                result(Status.ERROR, List.of(at(9, Severity.ERROR, "unknown identifier 'Nat2'")), List.of()), valid(FIRST));
        assertThatThrownBy(() -> DEFAULT.judge(POINT, "F.lean", broken)).hasMessage("F.lean:9:2: error: unknown identifier 'Nat2'");
        assertThatCode(() -> DEFAULT.judge(FIRST, "F.lean", broken)).doesNotThrowAnyException();

        FileOutcome sorry = outcome(Verdict.SORRY, "the proof uses sorry at 9:4", result(Status.SUCCESS, List.of(),
                List.of(new Sorry(new Position(9, 4), null, "⊢ Nat", 0))));
        assertThatThrownBy(() -> DEFAULT.judge(POINT, "F.lean", sorry)).hasMessage("F.lean:9:4: sorry, goal:\n⊢ Nat");
        assertThatCode(() -> verdict(SorryPolicy.PASS, WarningPolicy.PASS).judge(POINT, "F.lean", sorry)).doesNotThrowAnyException();
    }

    @Test
    void aGradedDeclarationTheEngineDidNotGradeNeverPasses() {
        FileOutcome o = outcome(Verdict.VALID, "Lean accepted a", accepted(), valid(FIRST));
        assertThatThrownBy(() -> DEFAULT.judge(SECOND, "F.lean", o)).isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("F.lean:5: the engine did not grade b");
    }

    @Test
    void declarationsAreMatchedToTheirGradesByFirstLineAndKind() {
        Declaration sameLineOtherKind = new Declaration("def", "a", 1, 3);
        Grade grade = new Grade(Verdict.VALID, Trust.OWN, "", List.of(valid(FIRST)), accepted(), Duration.ZERO);
        assertThat(DeclarationVerdict.gradeOf(grade, new Declaration("theorem", "a", 1, 2))).isPresent();
        assertThat(DeclarationVerdict.gradeOf(grade, sameLineOtherKind)).isEmpty();
    }

    @Test
    void aRefusedFileFailsTheFileAndItsDeclarations() {
        FileOutcome refused = FileOutcome.refused("cannot be checked: the source is not valid UTF-8 (bad byte near offset 10)");
        assertThatThrownBy(() -> DEFAULT.judgeFile(ALL, "F.lean", refused)).hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> DEFAULT.judge(FIRST, "F.lean", refused)).hasMessageContaining("not valid UTF-8");
    }
}
