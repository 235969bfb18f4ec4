package io.leansandbox.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A caller's way to stop its own call: {@link #cancel} ends the run in its sandbox (the process is
 * killed, the sandbox reset and returned to the pool as after any run), or takes the call out of the
 * queue it waits in. The call then ends with a {@link CancelledException}. Cancelling is final and
 * idempotent; a call that already finished is not affected.
 *
 * <p>Thread-safe: any thread may cancel while the call runs on another.
 */
public final class Cancellation {

    /** For calls that nobody can cancel. */
    public static final Cancellation NONE = new Cancellation(false);

    /** What {@link #onCancel} returns: closing it unregisters the action. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final boolean cancellable;
    private final List<Runnable> actions = new ArrayList<>();
    private volatile String reason;

    private Cancellation(boolean cancellable) {
        this.cancellable = cancellable;
    }

    /** A call's cancellation, not yet cancelled. */
    public static Cancellation create() {
        return new Cancellation(true);
    }

    /** Cancels the call, saying why (shown in the {@link CancelledException}); later calls are ignored. */
    public void cancel(String why) {
        if (!cancellable) {
            return;
        }
        List<Runnable> toRun;
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why == null || why.isBlank() ? "cancelled by the caller" : why;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        toRun.forEach(Runnable::run);
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** Why it was cancelled, or null. */
    public String reason() {
        return reason;
    }

    /** Throws a {@link CancelledException} if cancelled. */
    public void throwIfCancelled() {
        String why = reason;
        if (why != null) {
            throw new CancelledException(why);
        }
    }

    /**
     * Runs {@code action} when the call is cancelled (at once, on this thread, if it already is),
     * until the registration is closed. Actions run on the cancelling thread and must not block.
     */
    public Registration onCancel(Runnable action) {
        if (!cancellable) {
            return () -> {
            };
        }
        synchronized (this) {
            if (reason == null) {
                actions.add(action);
                return () -> {
                    synchronized (Cancellation.this) {
                        actions.remove(action);
                    }
                };
            }
        }
        action.run();
        return () -> {
        };
    }
}
