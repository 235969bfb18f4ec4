package io.leansandbox.engine.sandbox.docker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps one {@link Reaper} running for as long as the engine lives: one that ends meanwhile (its
 * daemon was restarted, or someone removed it) is replaced, retried until the daemon lets it start,
 * so that a crash of the JVM later still leaves nothing behind.
 */
final class StandingReaper implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(StandingReaper.class);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final Supplier<Reaper> start;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(io.leansandbox.engine.DaemonThreads.named("lean-sandbox-reaper-watch"));
    private Reaper current;
    private boolean closed;

    /** Starts the first reaper; its failure fails the engine's start. */
    StandingReaper(Supplier<Reaper> start) {
        this.start = start;
        this.current = start.get();
        watch(current);
    }

    private void watch(Reaper reaper) {
        reaper.ended().thenRun(() -> later(Duration.ZERO));
    }

    private void later(Duration delay) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        timer.schedule(this::replace, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void replace() {
        Reaper reaper;
        try {
            reaper = start.get();
        } catch (RuntimeException e) {
            log.warn("could not start a new reaper (retrying in {} s): {}", RETRY.toSeconds(), e.getMessage());
            later(RETRY);
            return;
        }
        synchronized (this) {
            if (!closed) {
                current = reaper;
                log.info("a new reaper watches this engine's containers");
                watch(reaper);
                return;
            }
        }
        reaper.close();
    }

    @Override
    public void close() {
        Reaper last;
        synchronized (this) {
            closed = true;
            last = current;
        }
        timer.shutdownNow();
        last.close();
    }
}
