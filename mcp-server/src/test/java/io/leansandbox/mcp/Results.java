package io.leansandbox.mcp;

import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Sorry;
import io.leansandbox.engine.result.Status;

import java.time.Duration;
import java.util.List;

/** Run results made by hand, for tests that need no engine. */
final class Results {

    private Results() {
    }

    static RunResult success() {
        return new RunResult(Status.SUCCESS, RunMode.CHECK, 0, List.of(), List.of(), "", "", false, Duration.ofMillis(42), Duration.ZERO);
    }

    /** What the real REPL answers for transcript "incomplete": an error with an end position. */
    static RunResult leanError() {
        Diagnostic unsolved = new Diagnostic(Severity.ERROR, new Position(1, 15), new Position(1, 32), "unsolved goals\n⊢ Nat");
        return new RunResult(Status.ERROR, RunMode.CHECK, 1, List.of(unsolved), List.of(), "", "", false, Duration.ofMillis(7), Duration.ZERO);
    }

    static RunResult withSorry() {
        Diagnostic warning = new Diagnostic(Severity.WARNING, new Position(1, 8), null, "declaration uses 'sorry'");
        Sorry sorry = new Sorry(new Position(1, 25), new Position(1, 30), "⊢ 1 = 1", 0);
        return new RunResult(Status.SUCCESS, RunMode.CHECK, 0, List.of(warning), List.of(sorry), "", "", false, Duration.ofMillis(9), Duration.ZERO);
    }

    static RunResult program(String stdout, String stderr, int exitCode, boolean truncated) {
        return new RunResult(exitCode == 0 ? Status.SUCCESS : Status.ERROR, RunMode.RUN, exitCode, List.of(), List.of(),
                stdout, stderr, truncated, Duration.ofMillis(120), Duration.ZERO);
    }

    static RunResult infrastructureError(String cause) {
        return RunResult.infrastructureError(RunMode.CHECK, cause, Duration.ofMillis(3));
    }
}
