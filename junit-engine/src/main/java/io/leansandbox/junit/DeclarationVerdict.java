package io.leansandbox.junit;

import io.leansandbox.engine.grading.DeclarationGrade;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.lean.Declaration;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Sorry;
import org.opentest4j.AssertionFailedError;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns the engine's grade of a file into the outcome of each declaration's test, and of the file's
 * container. The engine decides the verdicts (see {@code io.leansandbox.engine.grading.VerdictPolicy},
 * the same for the Maven plugin, the MCP server and eval); this class only maps them onto tests, with
 * the sorry and warning policies:
 *
 * <ul>
 *   <li>a check that reached no verdict, or a verdict about the whole file, ends the file's
 *       container before its tests run (see {@link FileOutcome}): one error or one failure;</li>
 *   <li>a declaration's test takes its own {@link DeclarationGrade}: valid passes (unless the
 *       warning policy fails its warnings), sorry follows the sorry policy, error, axiom_violation
 *       and unverified fail, saying why;</li>
 *   <li>errors outside every test (in a structure, an inductive type, a command) fail the container.</li>
 * </ul>
 *
 * Every failure carries a stack frame at the .lean line it is about (see {@link LeanFailures}).
 */
final class DeclarationVerdict {

    private final LeanEngineConfiguration configuration;

    DeclarationVerdict(LeanEngineConfiguration configuration) {
        this.configuration = configuration;
    }

    /** Passes, or throws the failure (or abort) the declaration's test ends with. */
    void judge(Declaration declaration, LeanFile file, Grade grade) {
        String path = file.messagePath();
        String name = declaration.displayName();
        List<Diagnostic> inside = grade.diagnostics().stream().filter(d -> declaration.contains(d.start().line())).toList();
        Optional<DeclarationGrade> own = gradeOf(grade, declaration);
        if (own.isEmpty()) {
            throw LeanFailures.failure(file, name, declaration.startLine(), path + ":" + declaration.startLine()
                    + ": the engine did not grade " + name + " (" + grade.verdict().wireName() + ": " + grade.explanation() + ")");
        }
        DeclarationGrade g = own.get();
        switch (g.verdict()) {
            case VALID -> failOnWarnings(declaration, file, inside);
            case SORRY -> {
                sorry(declaration, file, grade, inside, g);
                failOnWarnings(declaration, file, inside);
            }
            case ERROR -> {
                List<Diagnostic> errors = inside.stream().filter(Diagnostic::isError).toList();
                throw failure(declaration, file, errors, errors.isEmpty() ? located(path, g) : describe(path, errors));
            }
            case UNVERIFIED -> throw failure(declaration, file, inside, located(path, g)
                    + " (a declaration passes only with Lean's own report of its axioms)");
            case AXIOM_VIOLATION -> throw failure(declaration, file, inside, located(path, g)
                    + " (configuration parameter " + LeanEngineConfiguration.ALLOWED_AXIOMS + ", or the setting grading.allowed_axioms)");
            default -> throw failure(declaration, file, inside, located(path, g));
        }
    }

    /** The file container's own verdict: errors no test can be blamed for. */
    void judgeFile(List<Declaration> tests, LeanFile file, Grade grade) {
        List<Diagnostic> outside = grade.diagnostics().stream()
                .filter(Diagnostic::isError)
                .filter(d -> tests.stream().noneMatch(decl -> decl.contains(d.start().line())))
                .toList();
        if (!outside.isEmpty()) {
            throw LeanFailures.failure(file, LeanFailures.FILE_MEMBER, outside.get(0).start().line(),
                    describe(file.messagePath(), outside));
        }
    }

    /** The grade of {@code declaration}: the one starting on its line, of its kind. */
    static Optional<DeclarationGrade> gradeOf(Grade grade, Declaration declaration) {
        return grade.declarations().stream()
                .filter(g -> g.declaration().startLine() == declaration.startLine() && g.declaration().kind().equals(declaration.kind()))
                .findFirst();
    }

    /** Applies the sorry policy: fails or aborts with Lean's sorry messages, or returns (pass). */
    private void sorry(Declaration declaration, LeanFile file, Grade grade, List<Diagnostic> inside, DeclarationGrade own) {
        if (configuration.sorry() == SorryPolicy.PASS) {
            return;
        }
        String path = file.messagePath();
        List<Diagnostic> sorryWarnings = inside.stream().filter(Diagnostic::isSorryWarning).toList();
        List<Sorry> sorries = grade.result().sorries().stream()
                .filter(s -> s.start() != null && declaration.contains(s.start().line())).toList();
        String message = (describe(path, sorryWarnings) + sorries.stream()
                .map(s -> "\n" + path + ":" + s.start() + ": sorry, goal:\n" + s.goal())
                .collect(Collectors.joining())).strip();
        if (message.isEmpty()) {
            message = located(path, own); // e.g. a sorryAx Lean reported among its axioms
        }
        int line = sorries.isEmpty() ? firstLine(declaration, sorryWarnings) : sorries.get(0).start().line();
        if (configuration.sorry() == SorryPolicy.ABORT) {
            throw LeanFailures.aborted(file, declaration.displayName(), line, message);
        }
        throw LeanFailures.failure(file, declaration.displayName(), line, message);
    }

    private void failOnWarnings(Declaration declaration, LeanFile file, List<Diagnostic> inside) {
        List<Diagnostic> warnings = inside.stream()
                .filter(d -> d.severity() == Severity.WARNING && !d.isSorryWarning()).toList();
        if (!warnings.isEmpty() && configuration.warnings() == WarningPolicy.FAIL) {
            throw failure(declaration, file, warnings, describe(file.messagePath(), warnings));
        }
    }

    /** A failure at the first of {@code about}'s lines, else at the declaration's first line. */
    private static AssertionFailedError failure(Declaration declaration, LeanFile file, List<Diagnostic> about, String message) {
        return LeanFailures.failure(file, declaration.displayName(), firstLine(declaration, about), message);
    }

    private static int firstLine(Declaration declaration, List<Diagnostic> diagnostics) {
        return diagnostics.isEmpty() ? declaration.startLine() : diagnostics.get(0).start().line();
    }

    /** {@code PATH:LINE: verdict: explanation}, at the declaration's first line. */
    private static String located(String path, DeclarationGrade g) {
        return path + ":" + g.declaration().startLine() + ": " + g.verdict().wireName() + ": " + g.explanation();
    }

    private static String describe(String path, List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(d -> path + ":" + d).collect(Collectors.joining("\n"));
    }
}
