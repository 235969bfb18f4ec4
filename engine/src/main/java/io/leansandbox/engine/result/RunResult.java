package io.leansandbox.engine.result;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one run.
 *
 * @param status         how it ended
 * @param exitCode       what {@code lean FILE} would return (1 when any error, else 0); for
 *                       {@code lean --run}, the program's own; 128+N when killed by signal N
 *                       (timeout, memory, output limit); -1 when no process ran to a verdict
 * @param diagnostics    Lean's messages, in Lean's order
 * @param sorries        the {@code sorry}s Lean found
 * @param stdout         the program's output ({@code lean --run}); Lean's raw answer is not repeated here
 * @param stderr         what the toolchain wrote to stderr, or the cause of an infrastructure error
 * @param outputTruncated whether output was cut at the cap
 * @param elapsed        wall-clock time the engine spent on the run
 * @param toolchainTime  the part of it the toolchain process took, as measured inside the sandbox
 *                       (zero when no process ran); the rest is the engine's and Docker's overhead
 */
public record RunResult(
        Status status,
        RunMode mode,
        int exitCode,
        List<Diagnostic> diagnostics,
        List<Sorry> sorries,
        String stdout,
        String stderr,
        boolean outputTruncated,
        Duration elapsed,
        Duration toolchainTime) {

    public RunResult {
        diagnostics = List.copyOf(diagnostics);
        sorries = List.copyOf(sorries);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /**
     * The result of a run whose sandbox failed: {@link Status#SANDBOX_VIOLATION} when the code stopped its
     * supervision, else {@link Status#INFRASTRUCTURE_ERROR}.
     */
    public static RunResult sandboxFailed(RunMode mode, io.leansandbox.engine.sandbox.AgentException e, Duration elapsed) {
        if (e.kind() == io.leansandbox.engine.sandbox.AgentException.Kind.MEMORY) {
            return new RunResult(Status.MEMORY_EXCEEDED, mode, -1, List.of(), List.of(), "", e.getMessage(), false, elapsed,
                    Duration.ZERO);
        }
        if (e.kind() == io.leansandbox.engine.sandbox.AgentException.Kind.VIOLATION) {
            return new RunResult(Status.SANDBOX_VIOLATION, mode, -1, List.of(), List.of(), "", e.getMessage(), false, elapsed,
                    Duration.ZERO);
        }
        return infrastructureError(mode, "the sandbox failed: " + e.getMessage(), elapsed);
    }

    /** A result for a run that never reached a verdict because the sandbox failed. */
    public static RunResult infrastructureError(RunMode mode, String cause, Duration elapsed) {
        return new RunResult(Status.INFRASTRUCTURE_ERROR, mode, -1, List.of(), List.of(), "", cause, false, elapsed, Duration.ZERO);
    }
}
