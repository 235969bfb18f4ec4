package io.leansandbox.junit;

import io.leansandbox.engine.lean.Declaration;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Sorry;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.util.List;
import java.util.stream.Collectors;

/** Turns a file's outcome into the verdict of one declaration's test, or of the file itself. */
final class DeclarationVerdict {

    private final LeanEngineConfiguration configuration;

    DeclarationVerdict(LeanEngineConfiguration configuration) {
        this.configuration = configuration;
    }

    /** Passes, or throws the failure (or abort) the declaration's test ends with. */
    void judge(Declaration declaration, String fileName, FileOutcome outcome) {
        failIfNoVerdict(fileName, outcome);
        RunResult r = outcome.result();
        List<Diagnostic> inside = r.diagnostics().stream()
                .filter(d -> declaration.contains(d.start().line())).toList();
        List<Diagnostic> errors = inside.stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty()) {
            throw new AssertionFailedError(describe(fileName, errors));
        }
        List<Sorry> sorries = r.sorries().stream()
                .filter(s -> s.start() != null && declaration.contains(s.start().line())).toList();
        List<Diagnostic> sorryWarnings = inside.stream().filter(Diagnostic::isSorryWarning).toList();
        if ((!sorries.isEmpty() || !sorryWarnings.isEmpty()) && configuration.sorry() != SorryPolicy.PASS) {
            String message = describe(fileName, sorryWarnings) + sorries.stream()
                    .map(s -> "\n" + fileName + ":" + s.start() + ": sorry, goal:\n" + s.goal())
                    .collect(Collectors.joining());
            if (configuration.sorry() == SorryPolicy.ABORT) {
                throw new TestAbortedException(message.strip());
            }
            throw new AssertionFailedError(message.strip());
        }
        List<Diagnostic> warnings = inside.stream()
                .filter(d -> d.severity() == Severity.WARNING && !d.isSorryWarning()).toList();
        if (!warnings.isEmpty() && configuration.warnings() == WarningPolicy.FAIL) {
            throw new AssertionFailedError(describe(fileName, warnings));
        }
    }

    /** The file container's own verdict: what no declaration can be blamed for. */
    void judgeFile(List<Declaration> declarations, String fileName, FileOutcome outcome) {
        failIfNoVerdict(fileName, outcome);
        List<Diagnostic> outside = outcome.result().diagnostics().stream()
                .filter(Diagnostic::isError)
                .filter(d -> declarations.stream().noneMatch(decl -> decl.contains(d.start().line())))
                .toList();
        if (!outside.isEmpty()) {
            throw new AssertionFailedError(describe(fileName, outside));
        }
    }

    private void failIfNoVerdict(String fileName, FileOutcome outcome) {
        if (outcome.problem() != null) {
            throw new AssertionFailedError(fileName + ": " + outcome.problem());
        }
        RunResult r = outcome.result();
        switch (r.status()) {
            case TIMEOUT -> throw new AssertionFailedError(fileName + ": Lean did not finish within the time limit of "
                    + configuration.timeoutDescription());
            case MEMORY_EXCEEDED, OUTPUT_LIMIT, INFRASTRUCTURE_ERROR -> throw new AssertionFailedError(fileName + ": "
                    + r.status().name().toLowerCase().replace('_', ' ') + ": " + r.stderr().strip());
            default -> {
            }
        }
    }

    private static String describe(String fileName, List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(d -> fileName + ":" + d).collect(Collectors.joining("\n"));
    }
}
