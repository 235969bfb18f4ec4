package io.leansandbox.mcp;

import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;

/** The exit codes of the {@code check} and {@code run} commands ({@code eval}'s are {@link io.leansandbox.engine.grading.eval.EvalSummary}'s). */
final class ExitCodes {

    /** Every run succeeded without an error. */
    static final int OK = 0;
    /** Lean found an error, or a run failed (timeout, memory, output limit, non-zero exit). */
    static final int FAILED = 1;
    /** The command could not do its job: bad usage, or no sandbox to run in. */
    static final int UNUSABLE = 2;

    private ExitCodes() {
    }

    static int of(RunResult result) {
        if (result.status() == Status.INFRASTRUCTURE_ERROR) {
            return UNUSABLE;
        }
        return result.status() == Status.SUCCESS && !result.hasErrors() ? OK : FAILED;
    }
}
