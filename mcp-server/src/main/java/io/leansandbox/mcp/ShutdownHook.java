package io.leansandbox.mcp;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An action that runs exactly once: at {@link #close()}, or when the JVM shuts down (SIGTERM, SIGINT,
 * System.exit), whichever comes first; the other waits until it has finished. {@code serve} closes its
 * engine with it, so that every container goes however the process is stopped.
 *
 * <p>Both paths can meet: a client that stops a server often closes its stdin and sends SIGTERM at once
 * (Java's {@code Process.destroy()} does). The JVM halts as soon as its shutdown hooks return, so the hook
 * must not return while the main thread is still removing containers; nor must the main thread unregister
 * the hook before its own close has finished.
 */
final class ShutdownHook implements AutoCloseable {

    /** Longest wait for the other path's run to finish. */
    private static final long WAIT_SECONDS = 120;

    private final Runnable action;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread thread;

    private ShutdownHook(String name, Runnable action) {
        this.action = action;
        this.thread = new Thread(this::runOnce, name);
    }

    static ShutdownHook install(String name, Runnable action) {
        ShutdownHook hook = new ShutdownHook(name, action);
        Runtime.getRuntime().addShutdownHook(hook.thread);
        return hook;
    }

    /** Runs the action unless it has run or is running, in which case waits for it; then unregisters the hook. */
    @Override
    public void close() {
        runOnce();
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook finds the action done and returns at once
        }
    }

    private void runOnce() {
        if (started.compareAndSet(false, true)) {
            try {
                action.run();
            } finally {
                finished.countDown();
            }
            return;
        }
        try {
            finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
