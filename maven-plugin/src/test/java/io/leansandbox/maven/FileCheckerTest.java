package io.leansandbox.maven;

import io.leansandbox.engine.grading.DeclarationGrade;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Verdict;
import io.leansandbox.engine.lean.Declaration;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.leansandbox.maven.Outcomes.diagnostic;
import static io.leansandbox.maven.Outcomes.file;
import static io.leansandbox.maven.Outcomes.grade;
import static io.leansandbox.maven.Outcomes.result;
import static io.leansandbox.maven.Outcomes.t;
import static io.leansandbox.maven.Outcomes.unsolvedGoals;
import static io.leansandbox.maven.Outcomes.usesSorry;
import static io.leansandbox.maven.Outcomes.valid;
import static io.leansandbox.maven.Outcomes.wholeFile;
import static org.assertj.core.api.Assertions.assertThat;

/** How the engine's grade of a file (built by hand here) becomes its status, and when that fails the build. */
class FileCheckerTest {

    private static final FailurePolicy LENIENT = new FailurePolicy(false, false, false);

    private static FileOutcome judge(Grade grade, FailurePolicy policy) {
        return FileChecker.judge(file("A.lean"), grade, Duration.ofMillis(10), policy, Duration.ofSeconds(2));
    }

    private static FileOutcome judge(Grade grade) {
        return judge(grade, Outcomes.DEFAULT_POLICY);
    }

    @Test
    void aValidFilePasses() {
        FileOutcome o = judge(valid());
        assertThat(o.status()).isEqualTo(FileOutcome.Status.PASSED);
        assertThat(o.failing()).isFalse();
        assertThat(o.passedCheck()).isTrue();
        assertThat(o.problemMessages()).isEmpty();
    }

    @Test
    void anErrorFailsUnlessFailOnErrorIsOff() {
        assertThat(judge(unsolvedGoals())).satisfies(o -> {
            assertThat(o.status()).isEqualTo(FileOutcome.Status.ERROR);
            assertThat(o.failing()).isTrue();
            assertThat(o.passedCheck()).isFalse();
            assertThat(o.problemMessages()).as("the error is in the diagnostics").isEmpty();
        });
        assertThat(judge(unsolvedGoals(), new FailurePolicy(false, true, false)).failing()).isFalse();
    }

    @Test
    void aReplThatEndedWithoutAnsweringIsAnErrorThatSaysSo() {
        String why = "the REPL ended without answering (exit code 3): boom";
        Grade crashed = wholeFile(Verdict.ERROR, why, new RunResult(Status.ERROR, RunMode.CHECK, 3, List.of(), List.of(), "", "boom", false,
                Duration.ZERO, Duration.ZERO), t(Verdict.ERROR, why));
        FileOutcome o = judge(crashed);
        assertThat(o.status()).isEqualTo(FileOutcome.Status.ERROR);
        assertThat(o.failing()).isTrue();
        assertThat(o.problemMessages()).containsExactly(why);
    }

    @Test
    void aSorryFailsUnlessFailOnSorryIsOff() {
        assertThat(judge(usesSorry())).satisfies(o -> {
            assertThat(o.status()).isEqualTo(FileOutcome.Status.SORRY);
            assertThat(o.failing()).isTrue();
            assertThat(o.problemMessages()).as("Lean's messages say it").isEmpty();
        });
        FileOutcome allowed = judge(usesSorry(), new FailurePolicy(true, false, true));
        assertThat(allowed.status()).isEqualTo(FileOutcome.Status.SORRY);
        assertThat(allowed.failing()).as("the sorry warning is failOnSorry's business, not failOnWarning's").isFalse();
        assertThat(allowed.passedCheck()).isTrue();
    }

    @Test
    void aSorryLeanOnlyReportedAmongTheAxiomsIsASorryThatSaysSo() {
        Grade sorryAx = grade(Verdict.SORRY, "t: t depends on sorryAx", result(Status.SUCCESS, List.of(), List.of()),
                t(List.of("sorryAx"), Verdict.SORRY, "t depends on sorryAx"));
        FileOutcome o = judge(sorryAx);
        assertThat(o.status()).isEqualTo(FileOutcome.Status.SORRY);
        assertThat(o.failing()).isTrue();
        assertThat(o.problemMessages()).containsExactly("t: t depends on sorryAx");
        assertThat(judge(sorryAx, new FailurePolicy(true, false, false)).failing()).isFalse();
    }

    @Test
    void warningsFailOnlyWithFailOnWarning() {
        assertThat(judge(Outcomes.warned())).satisfies(o -> {
            assertThat(o.status()).isEqualTo(FileOutcome.Status.WARNING);
            assertThat(o.failing()).isFalse();
        });
        assertThat(judge(Outcomes.warned(), new FailurePolicy(true, true, true)).failing()).isTrue();
    }

    @Test
    void infoMessagesAreNotFindings() {
        Grade info = valid(diagnostic(Severity.INFO, 1, 0, "rfl : f = f"));
        assertThat(judge(info, new FailurePolicy(true, true, true)).status()).isEqualTo(FileOutcome.Status.PASSED);
    }

    @Test
    void aTimeoutIsNoVerdictAndNamesTheLimit() {
        FileOutcome o = judge(Outcomes.timedOut());
        assertThat(o.status()).isEqualTo(FileOutcome.Status.TIMEOUT);
        assertThat(o.failing()).isTrue();
        assertThat(o.problemMessages()).singleElement().asString().contains("time limit of 2 s").contains("-Dlean-sandbox.timeout");
        assertThat(judge(Outcomes.timedOut(), LENIENT).failing()).as("failOnError governs checks with no verdict").isFalse();
    }

    @Test
    void runningOutOfMemoryIsALimit() {
        String why = "the check ran out of memory: killed";
        FileOutcome o = judge(wholeFile(Verdict.MEMORY, why, result(Status.MEMORY_EXCEEDED, List.of(), List.of()), t(Verdict.MEMORY, why)));
        assertThat(o.status()).isEqualTo(FileOutcome.Status.LIMIT);
        assertThat(o.failing()).isTrue();
        assertThat(o.problemMessages()).singleElement().asString().contains("memory").contains("docker.memory_limit");
    }

    @Test
    void aSandboxFailureIsUnavailableAndAlwaysFails() {
        RunResult broken = RunResult.infrastructureError(RunMode.CHECK, "agent died", Duration.ZERO);
        FileOutcome o = judge(wholeFile(Verdict.INFRA_ERROR, "no verdict, the sandbox failed: agent died", broken,
                t(Verdict.INFRA_ERROR, "no verdict, the sandbox failed: agent died")), LENIENT);
        assertThat(o.status()).isEqualTo(FileOutcome.Status.UNAVAILABLE);
        assertThat(o.failing()).isTrue();
        assertThat(o.passedCheck()).isFalse();
        assertThat(o.problemMessages()).containsExactly("no verdict, the sandbox failed: agent died");
    }

    @Test
    void anAxiomOutsideTheAllowedOnesAlwaysFails() {
        String why = "t depends on Classical.choice, outside the allowed axioms [propext]";
        FileOutcome o = judge(grade(Verdict.AXIOM_VIOLATION, "t: " + why, result(Status.SUCCESS, List.of(), List.of()),
                t(List.of("propext", "Classical.choice"), Verdict.AXIOM_VIOLATION, why)), LENIENT);
        assertThat(o.status()).isEqualTo(FileOutcome.Status.AXIOMS);
        assertThat(o.failing()).isTrue();
        assertThat(o.problemMessages()).containsExactly(why + " (parameter allowedAxioms)");
    }

    @Test
    void anUnverifiedDeclarationAlwaysFailsSayingWhy() {
        FileOutcome o = judge(Outcomes.unverified(), LENIENT);
        assertThat(o.status()).isEqualTo(FileOutcome.Status.UNVERIFIED);
        assertThat(o.status().isVerdict()).isTrue();
        assertThat(o.failing()).isTrue();
        assertThat(o.passedCheck()).isFalse();
        assertThat(o.problemMessages()).containsExactly("t is unverified: Lean did not report the axioms of t");
    }

    @Test
    void aCutOutputIsUnverifiedForTheWholeFileAndNamesTheSetting() {
        String why = "the output passed its cap, so Lean's answer was cut: killed";
        Declaration u = new Declaration("theorem", "u", 3, 3);
        Grade cut = wholeFile(Verdict.UNVERIFIED, why, result(Status.OUTPUT_LIMIT, List.of(), List.of()),
                t(Verdict.UNVERIFIED, why), new DeclarationGrade(u, "u", null, Verdict.UNVERIFIED, why));
        FileOutcome o = judge(cut, LENIENT);
        assertThat(o.status()).isEqualTo(FileOutcome.Status.UNVERIFIED);
        assertThat(o.failing()).isTrue();
        assertThat(o.problemMessages()).as("one reason for the file, not one per declaration")
                .containsExactly(why + " (setting docker.output_limit)");
    }

    @Test
    void everyDeclarationCountsNotOnlyTheEnginesFirstVerdict() {
        // The engine's file verdict is sorry (sorry ranks first); u is still unverified.
        Declaration u = new Declaration("theorem", "u", 3, 3);
        Grade mixed = grade(Verdict.SORRY, "the proof uses sorry at 1:24", usesSorry().result(), t(Verdict.SORRY, "it uses sorry"),
                new DeclarationGrade(u, "u", null, Verdict.UNVERIFIED, "Lean did not report the axioms of u"));
        FileOutcome sorryAllowed = judge(mixed, new FailurePolicy(true, false, false));
        assertThat(sorryAllowed.status()).isEqualTo(FileOutcome.Status.UNVERIFIED);
        assertThat(sorryAllowed.failing()).isTrue();
        assertThat(sorryAllowed.problemMessages()).containsExactly("u is unverified: Lean did not report the axioms of u");
        assertThat(judge(mixed).status()).as("the most serious failing finding").isEqualTo(FileOutcome.Status.UNVERIFIED);
    }

    @Test
    void aToleratedErrorDoesNotHideAnAxiomViolation() {
        Declaration u = new Declaration("theorem", "u", 3, 3);
        String why = "u depends on Lean.ofReduceBool, outside the allowed axioms [propext, Classical.choice, Quot.sound]";
        Grade both = grade(Verdict.ERROR, "Lean reported 1 error(s)", unsolvedGoals().result(), t(Verdict.ERROR, "Lean reported an error"),
                new DeclarationGrade(u, "u", List.of("Lean.ofReduceBool"), Verdict.AXIOM_VIOLATION, why));
        FileOutcome o = judge(both, new FailurePolicy(false, true, false));
        assertThat(o.status()).isEqualTo(FileOutcome.Status.AXIOMS);
        assertThat(o.failing()).isTrue();
        assertThat(judge(both).status()).isEqualTo(FileOutcome.Status.ERROR);
    }

    @Test
    void aFileThatDeclaresNothingGradedIsJudgedByLeansMessages() {
        // The engine says valid for such a file when Lean reported no error, with no declaration grades.
        String why = "Lean reported no error; the file declares nothing to grade (no theorem, lemma, example or definition)";
        Grade types = grade(Verdict.VALID, why, result(Status.SUCCESS, List.of(), List.of()));
        assertThat(judge(types).status()).isEqualTo(FileOutcome.Status.PASSED);
        assertThat(judge(types).problemMessages()).isEmpty();
        Grade warned = grade(Verdict.VALID, why,
                result(Status.SUCCESS, List.of(diagnostic(Severity.WARNING, 2, 0, "unused")), List.of()));
        assertThat(judge(warned).status()).isEqualTo(FileOutcome.Status.WARNING);
        assertThat(judge(warned, new FailurePolicy(true, true, true)).failing()).isTrue();
        Grade broken = grade(Verdict.ERROR, "Lean reported 1 error(s)", result(Status.ERROR,
                List.of(diagnostic(Severity.ERROR, 2, 4, "unknown identifier 'Nat2'")), List.of()));
        assertThat(judge(broken).status()).isEqualTo(FileOutcome.Status.ERROR);
        assertThat(judge(broken).failing()).isTrue();
        assertThat(judge(broken).problemMessages()).as("the error is in the diagnostics").isEmpty();
        Grade sorry = grade(Verdict.SORRY, "the proof uses sorry at 2:10", result(Status.SUCCESS, List.of(),
                List.of(Outcomes.sorry(2, 10, "⊢ Nat"))));
        assertThat(judge(sorry).status()).isEqualTo(FileOutcome.Status.SORRY);
        assertThat(judge(sorry, new FailurePolicy(true, false, false)).failing()).isFalse();
    }

    @Test
    void onlyAVerdictTheEngineSaysIsAboutTheWholeFileIsJudgedAsOne() {
        // t carries the file's verdict and explanation either way; only the engine's word makes it the file's.
        String why = "the REPL's output held 12 bytes besides its answers: something the candidate ran wrote to it";
        RunResult answered = result(Status.SUCCESS, List.of(), List.of());
        assertThat(judge(wholeFile(Verdict.UNVERIFIED, why, answered, t(Verdict.UNVERIFIED, why))).problemMessages())
                .containsExactly(why);
        assertThat(judge(grade(Verdict.UNVERIFIED, why, answered, t(Verdict.UNVERIFIED, why))).problemMessages())
                .containsExactly("t is " + Verdict.UNVERIFIED.wireName() + ": " + why);
        String crash = "the REPL ended without answering (exit code 3): boom";
        Grade crashedNoDeclaration = wholeFile(Verdict.ERROR, crash, result(Status.ERROR, List.of(), List.of()));
        assertThat(judge(crashedNoDeclaration).status()).isEqualTo(FileOutcome.Status.ERROR);
        assertThat(judge(crashedNoDeclaration).problemMessages()).containsExactly(crash);
        Grade timeoutWithWarning = wholeFile(Verdict.TIMEOUT, "the check reached the time limit",
                result(Status.TIMEOUT, List.of(diagnostic(Severity.WARNING, 1, 0, "unused")), List.of()), t(Verdict.TIMEOUT, "x"));
        assertThat(judge(timeoutWithWarning, new FailurePolicy(true, true, true)).status())
                .as("nothing but the file's verdict counts").isEqualTo(FileOutcome.Status.TIMEOUT);
    }

    @Test
    void eachProblemKeepsItsKindAndTheLineOfItsDeclaration() {
        Declaration u = new Declaration("theorem", "u", 3, 4);
        String why = "u depends on Lean.ofReduceBool, outside the allowed axioms [propext]";
        Grade mixed = grade(Verdict.UNVERIFIED, "t: Lean did not report the axioms of t", result(Status.SUCCESS, List.of(), List.of()),
                t(Verdict.UNVERIFIED, "Lean did not report the axioms of t"),
                new DeclarationGrade(u, "u", List.of("Lean.ofReduceBool"), Verdict.AXIOM_VIOLATION, why));
        assertThat(judge(mixed).problems()).containsExactly(
                new Problem(FileOutcome.Status.UNVERIFIED, "t is unverified: Lean did not report the axioms of t", 1),
                new Problem(FileOutcome.Status.AXIOMS, why + " (parameter allowedAxioms)", 3));
        assertThat(judge(Outcomes.timedOut()).problems()).singleElement()
                .satisfies(p -> {
                    assertThat(p.status()).isEqualTo(FileOutcome.Status.TIMEOUT);
                    assertThat(p.line()).as("about the whole file").isZero();
                });
    }

    @Test
    void theFailurePolicyDecidesEachKindOfFinding() {
        FailurePolicy strict = new FailurePolicy(true, true, true);
        for (FileOutcome.Status status : FileOutcome.Status.values()) {
            boolean passes = status == FileOutcome.Status.PASSED || status == FileOutcome.Status.UNCHANGED;
            assertThat(strict.fails(status)).as(status.name()).isEqualTo(!passes);
        }
        assertThat(LENIENT.fails(FileOutcome.Status.TIMEOUT)).isFalse();
        assertThat(LENIENT.fails(FileOutcome.Status.REFUSED)).isFalse();
        assertThat(LENIENT.fails(FileOutcome.Status.AXIOMS)).isTrue();
        assertThat(LENIENT.fails(FileOutcome.Status.UNVERIFIED)).isTrue();
        assertThat(LENIENT.fails(FileOutcome.Status.UNAVAILABLE)).isTrue();
    }
}
