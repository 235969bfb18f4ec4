package io.leansandbox.junit;

import io.leansandbox.engine.result.RunResult;

/**
 * What checking one file gave: Lean's result, or the reason there is none (the file was refused
 * or the sandbox failed). Exactly one of the two is set.
 */
record FileOutcome(RunResult result, String problem) {

    static FileOutcome of(RunResult result) {
        return new FileOutcome(result, null);
    }

    static FileOutcome refused(String problem) {
        return new FileOutcome(null, problem);
    }
}
