package io.leansandbox.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.leansandbox.engine.lean.LeanRunner;
import io.leansandbox.engine.lean.ReplResponse;
import io.leansandbox.engine.lean.ReplStep;
import io.leansandbox.engine.lean.SourceOffset;
import io.leansandbox.engine.sandbox.AgentException;
import io.leansandbox.engine.sandbox.Sandbox;

import java.util.function.Consumer;

/**
 * One REPL process in one sandbox, spoken to directly with the REPL's own JSON commands
 * ({@code {"cmd": ...}}, {@code {"tactic": ..., "proofState": n}}, ...). The sandbox is the caller's
 * until {@link #close()}, then reset before anything else uses it.
 */
public final class ReplConversation implements AutoCloseable {

    private final Sandbox sandbox;
    private final Consumer<Sandbox> release;
    private final LeanRunner runner;
    private boolean closed;

    ReplConversation(Sandbox sandbox, Consumer<Sandbox> release, LeanRunner runner) throws AgentException {
        this.sandbox = sandbox;
        this.release = release;
        this.runner = runner;
        sandbox.startRepl();
    }

    /**
     * Sends one command and returns the REPL's answer. A timeout, memory exhaustion, output
     * overflow or crash ends the REPL and is thrown as a {@link LeanSandboxException} naming it.
     */
    public synchronized ReplResponse send(JsonNode command) {
        if (closed) {
            throw new IllegalStateException("this REPL conversation is closed");
        }
        ReplStep step;
        try {
            step = runner.send(sandbox, command, SourceOffset.NONE);
        } catch (AgentException e) {
            throw new LeanSandboxException("the sandbox failed: " + e.getMessage(), e);
        }
        if (!step.answered()) {
            throw new LeanSandboxException("the REPL did not answer: " + step.result().status() + ": " + step.result().stderr().strip());
        }
        return step.answer();
    }

    /**
     * Sends one command and returns the whole step: the REPL's answer, or, when it did not answer
     * (timeout, memory, output overflow, crash), the result saying so; the REPL is then gone. A
     * sandbox failure is a result of {@code INFRASTRUCTURE_ERROR}.
     */
    public synchronized ReplStep exchange(JsonNode command) {
        if (closed) {
            throw new IllegalStateException("this REPL conversation is closed");
        }
        try {
            return runner.send(sandbox, command, SourceOffset.NONE);
        } catch (AgentException e) {
            return new ReplStep(io.leansandbox.engine.result.RunResult.sandboxFailed(io.leansandbox.engine.result.RunMode.CHECK,
                    e, java.time.Duration.ZERO), null);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            release.accept(sandbox);
        }
    }
}
