package io.leansandbox.engine.result;

/** How a run ended. */
public enum Status {
    /** Lean accepted the code (warnings and sorries may remain; see {@link RunResult#sorries()}). */
    SUCCESS,
    /** Lean reported an error, or the program exited with a non-zero code. */
    ERROR,
    /** The wall-clock limit was reached and the run was killed. */
    TIMEOUT,
    /** The sandbox's memory limit was reached and the kernel killed the run. */
    MEMORY_EXCEEDED,
    /** The output passed its cap; it was cut there and the run was killed. */
    OUTPUT_LIMIT,
    /** The sandbox itself failed (Docker, the agent, the toolchain missing); not a verdict on the code. */
    INFRASTRUCTURE_ERROR,
    /**
     * The code stopped the sandbox's supervision while it ran (its agent stopped answering while Docker
     * and the container were sound): a verdict on the code, not a fault to retry.
     */
    SANDBOX_VIOLATION
}
