package io.leansandbox.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.lean.ReplResponse;
import io.leansandbox.engine.lean.ReplResponseParser;
import io.leansandbox.engine.sandbox.AgentException;
import io.leansandbox.engine.sandbox.AgentOutcome;
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
    private final ReplResponseParser parser;
    private final Settings settings;
    private boolean closed;

    ReplConversation(Sandbox sandbox, Consumer<Sandbox> release, ReplResponseParser parser,
                     Settings settings) throws AgentException {
        this.sandbox = sandbox;
        this.release = release;
        this.parser = parser;
        this.settings = settings;
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
        AgentOutcome outcome;
        try {
            outcome = sandbox.sendToRepl(command, settings.timeout(), settings.outputLimitBytes(), settings.agentGrace());
        } catch (AgentException e) {
            throw new LeanSandboxException("the sandbox failed: " + e.getMessage(), e);
        }
        if (outcome.ending() != AgentOutcome.Ending.ANSWERED) {
            throw new LeanSandboxException("the REPL did not answer: " + outcome.ending().name().toLowerCase()
                    + (outcome.exitCode() == null ? "" : " (exit code " + outcome.exitCode() + ")")
                    + (outcome.stderr().isBlank() ? "" : ": " + outcome.stderr().strip()));
        }
        return parser.parse(outcome.output());
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            release.accept(sandbox);
        }
    }
}
