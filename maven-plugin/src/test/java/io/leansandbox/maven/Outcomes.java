package io.leansandbox.maven;

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

/** Hand-made files, results and outcomes for the unit tests (no engine involved). */
final class Outcomes {

    static final Path BASEDIR = Path.of("/work/project");
    static final FailurePolicy DEFAULT_POLICY = new FailurePolicy(true, true, false);

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

    static RunResult accepted() {
        return result(Status.SUCCESS, List.of(), List.of());
    }

    /** The recorded answer to transcript incomplete's first command. */
    static RunResult unsolvedGoals() {
        return result(Status.ERROR, List.of(diagnostic(Severity.ERROR, 1, 15, "unsolved goals\n⊢ Nat")), List.of());
    }

    /** The recorded answer to transcript dup_sorries' first command. */
    static RunResult usesSorry() {
        return result(Status.SUCCESS, List.of(diagnostic(Severity.WARNING, 1, 8, "declaration uses `sorry`")),
                List.of(sorry(1, 24, "⊢ 1 = 1")));
    }

    static FileOutcome judged(String path, RunResult result) {
        return FileChecker.judge(file(path), result, null, Duration.ofMillis(412), DEFAULT_POLICY, Duration.ofSeconds(30));
    }
}
