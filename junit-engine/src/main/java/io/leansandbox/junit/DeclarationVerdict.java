package io.leansandbox.junit;

import io.leansandbox.engine.grading.DeclarationGrade;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Verdict;
import io.leansandbox.engine.lean.Declaration;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Sorry;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns the engine's grade of a file into the outcome of each declaration's test, and of the file's
 * container. The engine decides the verdicts (see {@code io.leansandbox.engine.grading.VerdictPolicy});
 * this class only maps them onto tests, with the sorry and warning policies:
 *
 * <ul>
 *   <li>a verdict the engine says is about the whole file ({@link Grade#wholeFile()}: the check did
 *       not finish, the REPL crashed, its answers cannot be trusted) fails the container and every
 *       declaration's test, graded or not;</li>
 *   <li>a graded declaration's test takes its own {@link DeclarationGrade}: valid passes (unless the
 *       warning policy fails its warnings), sorry follows the sorry policy, error, axiom_violation and
 *       unverified fail, saying why;</li>
 *   <li>a declaration that is not graded (structure, inductive, class, an anonymous instance) fails
 *       on errors inside its lines, follows the sorry policy for sorries, else passes;</li>
 *   <li>errors outside every declaration fail the container.</li>
 * </ul>
 *
 * A file that declares nothing the engine grades (only structures, inductive types, classes,
 * commands) has no declaration grades; its declarations are judged by Lean's messages alone.
 */
final class DeclarationVerdict {

    private final LeanEngineConfiguration configuration;

    DeclarationVerdict(LeanEngineConfiguration configuration) {
        this.configuration = configuration;
    }

    /** Passes, or throws the failure (or abort) the declaration's test ends with. */
    void judge(Declaration declaration, String fileName, FileOutcome outcome) {
        Grade grade = failIfFileFails(fileName, outcome);
        List<Diagnostic> inside = grade.diagnostics().stream().filter(d -> declaration.contains(d.start().line())).toList();
        Optional<DeclarationGrade> own = gradeOf(grade, declaration);
        if (own.isEmpty()) {
            if (declaration.isGraded()) {
                throw new AssertionFailedError(fileName + ":" + declaration.startLine() + ": the engine did not grade "
                        + declaration.displayName() + " (" + grade.verdict().wireName() + ": " + grade.explanation() + ")");
            }
            judgeUngraded(declaration, fileName, grade, inside);
            return;
        }
        DeclarationGrade g = own.get();
        switch (g.verdict()) {
            case VALID -> failOnWarnings(fileName, inside);
            case SORRY -> {
                sorry(declaration, fileName, grade, inside, g);
                failOnWarnings(fileName, inside);
            }
            case ERROR -> {
                List<Diagnostic> errors = inside.stream().filter(Diagnostic::isError).toList();
                throw new AssertionFailedError(errors.isEmpty() ? located(fileName, g) : describe(fileName, errors));
            }
            case UNVERIFIED -> throw new AssertionFailedError(located(fileName, g)
                    + " (a declaration passes only with Lean's own report of its axioms)");
            case AXIOM_VIOLATION -> throw new AssertionFailedError(located(fileName, g) + " (setting grading.allowed_axioms)");
            default -> throw new AssertionFailedError(located(fileName, g));
        }
    }

    /** The file container's own verdict: a verdict about the whole file, or errors no declaration can be blamed for. */
    void judgeFile(List<Declaration> declarations, String fileName, FileOutcome outcome) {
        Grade grade = failIfFileFails(fileName, outcome);
        List<Diagnostic> outside = grade.diagnostics().stream()
                .filter(Diagnostic::isError)
                .filter(d -> declarations.stream().noneMatch(decl -> decl.contains(d.start().line())))
                .toList();
        if (!outside.isEmpty()) {
            throw new AssertionFailedError(describe(fileName, outside));
        }
    }

    /** The grade of {@code declaration}: the one starting on its line, of its kind. */
    static Optional<DeclarationGrade> gradeOf(Grade grade, Declaration declaration) {
        return grade.declarations().stream()
                .filter(g -> g.declaration().startLine() == declaration.startLine() && g.declaration().kind().equals(declaration.kind()))
                .findFirst();
    }

    /** The grade, unless the file has none or its verdict is about the whole file: then the failure. */
    private Grade failIfFileFails(String fileName, FileOutcome outcome) {
        if (outcome.problem() != null) {
            throw new AssertionFailedError(fileName + ": " + outcome.problem());
        }
        Grade grade = outcome.grade();
        if (!grade.wholeFile()) {
            return grade;
        }
        if (grade.verdict() == Verdict.TIMEOUT) {
            throw new AssertionFailedError(fileName + ": timeout: Lean did not finish within the time limit of "
                    + configuration.timeoutDescription());
        }
        throw new AssertionFailedError(fileName + ": " + grade.verdict().wireName() + ": " + grade.explanation());
    }

    /** Today's treatment of declarations the engine does not grade: Lean's messages inside its lines decide. */
    private void judgeUngraded(Declaration declaration, String fileName, Grade grade, List<Diagnostic> inside) {
        List<Diagnostic> errors = inside.stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty()) {
            throw new AssertionFailedError(describe(fileName, errors));
        }
        if (!sorriesInside(declaration, grade).isEmpty() || inside.stream().anyMatch(Diagnostic::isSorryWarning)) {
            sorry(declaration, fileName, grade, inside, null);
        }
        failOnWarnings(fileName, inside);
    }

    /** Applies the sorry policy: fails or aborts with Lean's sorry messages, or returns (pass). */
    private void sorry(Declaration declaration, String fileName, Grade grade, List<Diagnostic> inside, DeclarationGrade own) {
        if (configuration.sorry() == SorryPolicy.PASS) {
            return;
        }
        List<Diagnostic> sorryWarnings = inside.stream().filter(Diagnostic::isSorryWarning).toList();
        List<Sorry> sorries = sorriesInside(declaration, grade);
        String message = (describe(fileName, sorryWarnings) + sorries.stream()
                .map(s -> "\n" + fileName + ":" + s.start() + ": sorry, goal:\n" + s.goal())
                .collect(Collectors.joining())).strip();
        if (message.isEmpty() && own != null) {
            message = located(fileName, own); // e.g. a sorryAx Lean reported among its axioms
        }
        if (configuration.sorry() == SorryPolicy.ABORT) {
            throw new TestAbortedException(message);
        }
        throw new AssertionFailedError(message);
    }

    private void failOnWarnings(String fileName, List<Diagnostic> inside) {
        List<Diagnostic> warnings = inside.stream()
                .filter(d -> d.severity() == Severity.WARNING && !d.isSorryWarning()).toList();
        if (!warnings.isEmpty() && configuration.warnings() == WarningPolicy.FAIL) {
            throw new AssertionFailedError(describe(fileName, warnings));
        }
    }

    private static List<Sorry> sorriesInside(Declaration declaration, Grade grade) {
        return grade.result().sorries().stream().filter(s -> s.start() != null && declaration.contains(s.start().line())).toList();
    }

    /** {@code F.lean:LINE: verdict: explanation}, at the declaration's first line. */
    private static String located(String fileName, DeclarationGrade g) {
        return fileName + ":" + g.declaration().startLine() + ": " + g.verdict().wireName() + ": " + g.explanation();
    }

    private static String describe(String fileName, List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(d -> fileName + ":" + d).collect(Collectors.joining("\n"));
    }
}
