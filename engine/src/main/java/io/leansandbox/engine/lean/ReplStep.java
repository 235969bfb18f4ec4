package io.leansandbox.engine.lean;

import io.leansandbox.engine.result.RunResult;

/**
 * One command sent to a REPL: the result every front door understands, the REPL's own answer
 * (null when the REPL did not answer: timeout, memory, output limit, crash), and how many bytes its
 * stdout held besides that one answer (see {@link io.leansandbox.engine.sandbox.AgentOutcome#strayBytes}).
 */
public record ReplStep(RunResult result, ReplResponse answer, long strayBytes) {

    public ReplStep(RunResult result, ReplResponse answer) {
        this(result, answer, 0);
    }

    /** Whether the REPL answered (a Lean error is still an answer). */
    public boolean answered() {
        return answer != null;
    }

    /** Whether the REPL answered with a protocol error ({@code Unknown environment.} and the like). */
    public boolean refused() {
        return answer != null && answer.protocolError() != null;
    }
}
