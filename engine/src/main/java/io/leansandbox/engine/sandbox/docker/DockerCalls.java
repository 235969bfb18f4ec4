package io.leansandbox.engine.sandbox.docker;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Docker API calls bounded in time. The client's response timeout does not bound a call over a
 * unix socket: docker-java reads it through a blocking {@code SocketChannel}, whose reads ignore
 * {@code SO_TIMEOUT} (https://bugs.openjdk.org/browse/JDK-4614802), so a daemon that hangs would hang
 * the caller. Each call runs on a worker and the caller waits at most the timeout; a call that
 * times out finishes on its worker whenever the daemon answers, or when the clients are closed.
 */
final class DockerCalls implements AutoCloseable {

    /** A call that did not answer within its time. */
    static final class DaemonTimeout extends RuntimeException {
        DaemonTimeout(String message) {
            super(message);
        }
    }

    private final ExecutorService workers;

    DockerCalls() {
        this.workers = Executors.newCachedThreadPool(io.leansandbox.engine.DaemonThreads.named("lean-sandbox-docker-call"));
    }

    /** The call's result; a {@link DaemonTimeout} when it did not answer within {@code timeout}. */
    <T> T within(Duration timeout, Supplier<T> call) {
        Future<T> future = workers.submit(call::get);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            future.cancel(true);
            throw new DaemonTimeout("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaemonTimeout("interrupted while waiting for the Docker daemon");
        }
    }

    /** {@link #within} for a call without a result. */
    void within(Duration timeout, Runnable call) {
        within(timeout, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
