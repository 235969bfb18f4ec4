package io.leansandbox.mcp;

import io.leansandbox.engine.Cancellation;
import io.leansandbox.engine.RunOptions;
import io.leansandbox.engine.RunPhase;

import java.time.Duration;

/**
 * Who makes a tool call and how it runs, beyond its arguments.
 *
 * @param owner        whom the call's sessions belong to: over HTTP the MCP session (or the bearer
 *                     token, with {@code --session-owner token}); null on stdio and in tests, where
 *                     one client has the server to itself
 * @param progress     where the call reports what it is doing (sent to the client as progress
 *                     notifications when its request has a progress token)
 * @param cancellation signalled when the client cancels the call or goes away
 * @param timeout      the call's own time limit ({@code timeout} argument), or null for the configured one
 */
record CallContext(String owner, Progress progress, Cancellation cancellation, Duration timeout) {

    /** A call nobody watches or cancels, by no one in particular, with the configured timeout. */
    static final CallContext NONE = new CallContext(null, Progress.NONE, Cancellation.NONE, null);

    /** Where a call says what it is doing. */
    @FunctionalInterface
    interface Progress {

        Progress NONE = status -> {
        };

        /**
         * What the call is doing now ("elaborating", "graded 3 of 10 candidates"): reported at once,
         * then repeated with the time so far until the next status. Must not block.
         */
        void status(String what);
    }

    CallContext {
        progress = progress == null ? Progress.NONE : progress;
        cancellation = cancellation == null ? Cancellation.NONE : cancellation;
    }

    /** The same call with its own {@code timeout}. */
    CallContext withTimeout(Duration timeout) {
        return new CallContext(owner, progress, cancellation, timeout);
    }

    /** The engine's options for this call: its timeout, its cancellation, its phases as progress. */
    RunOptions runOptions() {
        return RunOptions.of(timeout, cancellation, (RunPhase phase) -> progress.status(phase.description()));
    }
}
