package io.leansandbox.engine.grading;

import io.leansandbox.engine.lean.ReplStep;
import io.leansandbox.engine.result.RunResult;

/**
 * What the fast path saw: the check's step (its result, whether the REPL answered) and what the
 * probe after it found (null when no probe ran).
 */
record Evidence(ReplStep check, Probe.Result probe) {

    RunResult result() {
        return check.result();
    }

    /** Bytes the REPL's stdout held besides its answers, over the check and the probe. */
    long strayBytes() {
        return check.strayBytes() + (probe == null ? 0 : probe.strayBytes());
    }
}
