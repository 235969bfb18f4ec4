package io.leansandbox.maven;

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

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Hand-made files, results, grades and outcomes for the unit tests (no engine involved). The grades
 * are what the engine's VerdictPolicy gives a file holding one theorem {@code t} on line 1.
 */
final class Outcomes {

    static final Path BASEDIR = Path.of("/work/project");
    static final FailurePolicy DEFAULT_POLICY = new FailurePolicy(true, true, false);
    static final Declaration T = new Declaration("theorem", "t", 1, 1);

    private Outcomes() {
    }

    static LeanFile file(String pathInSourceDirectory) {
        Path dir = BASEDIR.resolve("src/main/lean");
        return LeanFile.of(BASEDIR, dir, dir.resolve(pathInSourceDirectory));
    }

    static Diagnostic diagnostic(Severity severity, int line, int column, String message) {
        return new Diagnostic(severity, new Position(line, column), null, message);
    }

    static Sorry sorry(int line, int column, String goal) {
        return new Sorry(new Position(line, column), null, goal, 0);
    }

    static RunResult result(Status status, List<Diagnostic> diagnostics, List<Sorry> sorries) {
        return new RunResult(status, RunMode.CHECK, diagnostics.stream().anyMatch(Diagnostic::isError) ? 1 : 0,
                diagnostics, sorries, "", "", false, Duration.ofMillis(400), Duration.ofMillis(300));
    }

    /** A grade built from its declarations' grades. */
    static Grade grade(Verdict verdict, String why, RunResult result, DeclarationGrade... declarations) {
        return new Grade(verdict, Trust.OWN, why, List.of(declarations), result, Duration.ofMillis(450));
    }

    /** A grade the engine says is about the whole file: every declaration carries the file's verdict. */
    static Grade wholeFile(Verdict verdict, String why, RunResult result, DeclarationGrade... declarations) {
        return new Grade(verdict, Trust.OWN, why, List.of(declarations), result, Duration.ofMillis(450), true);
    }

    /** Theorem {@code t}'s own grade; its axioms are known (none) unless it is unverified or did not finish. */
    static DeclarationGrade t(Verdict verdict, String why) {
        boolean known = verdict == Verdict.VALID || verdict == Verdict.SORRY || verdict == Verdict.ERROR;
        return new DeclarationGrade(T, "t", known ? List.of() : null, verdict, why);
    }

    static DeclarationGrade t(List<String> axioms, Verdict verdict, String why) {
        return new DeclarationGrade(T, "t", axioms, verdict, why);
    }

    /** Lean accepted t and reported its axioms: none. */
    static Grade valid(Diagnostic... diagnostics) {
        return grade(Verdict.VALID, "Lean accepted t with no error and no sorry; axioms used: none, all allowed",
                result(Status.SUCCESS, List.of(diagnostics), List.of()), t(Verdict.VALID, "Lean accepted it; its axioms [] are allowed"));
    }

    /** Valid, with a warning that is not the sorry one. */
    static Grade warned() {
        return valid(diagnostic(Severity.WARNING, 1, 0, "unused variable `x`"));
    }

    /** Lean reported {@code errors} (the first inside t). */
    static Grade erroneous(Diagnostic... errors) {
        return grade(Verdict.ERROR, "Lean reported " + errors.length + " error(s)", result(Status.ERROR, List.of(errors), List.of()),
                t(Verdict.ERROR, "Lean reported an error"));
    }

    /** The recorded answer to transcript incomplete's first command. */
    static Grade unsolvedGoals() {
        return erroneous(diagnostic(Severity.ERROR, 1, 15, "unsolved goals\n⊢ Nat"));
    }

    /** The recorded answer to transcript dup_sorries' first command. */
    static Grade usesSorry() {
        return grade(Verdict.SORRY, "the proof uses sorry at 1:24",
                result(Status.SUCCESS, List.of(diagnostic(Severity.WARNING, 1, 8, "declaration uses `sorry`")),
                        List.of(sorry(1, 24, "⊢ 1 = 1"))),
                t(Verdict.SORRY, "it uses sorry"));
    }

    static Grade timedOut() {
        String why = "the check reached the time limit";
        return wholeFile(Verdict.TIMEOUT, why, result(Status.TIMEOUT, List.of(), List.of()), t(Verdict.TIMEOUT, why));
    }

    /** The stand-in's default answer: no message, and no answer to #print axioms t. */
    static Grade unverified() {
        return grade(Verdict.UNVERIFIED, "t: Lean did not report the axioms of t", result(Status.SUCCESS, List.of(), List.of()),
                t(Verdict.UNVERIFIED, "Lean did not report the axioms of t"));
    }

    static FileOutcome judged(String path, Grade grade) {
        return FileChecker.judge(file(path), grade, Duration.ofMillis(412), DEFAULT_POLICY, Duration.ofSeconds(30));
    }
}
