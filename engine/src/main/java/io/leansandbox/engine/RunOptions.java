package io.leansandbox.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How one call runs: its time limit, its cancellation, and who hears of its progress.
 *
 * @param timeout      the wall-clock limit of each Lean command of the call, or null for the
 *                     configured one ({@code timeout}); never more than the configured one
 * @param cancellation how the caller can stop the call
 * @param progress     told of each {@link RunPhase} the call enters, on the calling thread; must not block
 */
public record RunOptions(Duration timeout, Cancellation cancellation, Consumer<RunPhase> progress) {

    /** The configured timeout, not cancellable, nobody listening. */
    public static final RunOptions DEFAULT = new RunOptions(null, Cancellation.NONE, phase -> {
    });

    public RunOptions {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("the timeout must be positive, got " + timeout);
        }
        Objects.requireNonNull(cancellation, "cancellation");
        Objects.requireNonNull(progress, "progress");
    }

    public static RunOptions of(Duration timeout, Cancellation cancellation, Consumer<RunPhase> progress) {
        return new RunOptions(timeout, cancellation == null ? Cancellation.NONE : cancellation,
                progress == null ? DEFAULT.progress : progress);
    }

    /** The same call with another timeout (null: the configured one). */
    public RunOptions withTimeout(Duration timeout) {
        return new RunOptions(timeout, cancellation, progress);
    }

    /** The limit of one command: this call's timeout, capped by {@code configured}. */
    public Duration limit(Duration configured) {
        return timeout == null || timeout.compareTo(configured) > 0 ? configured : timeout;
    }

    /** Tells the listener; a listener that throws does not disturb the call. */
    public void enter(RunPhase phase) {
        try {
            progress.accept(phase);
        } catch (RuntimeException e) {
            // a listener's failure is its own
        }
    }
}
