package io.leansandbox.engine.sandbox;

import io.leansandbox.engine.Cancellation;
import io.leansandbox.engine.SandboxBusyException;
import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.ContainerLimits;
import io.leansandbox.engine.config.PoolSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps sandboxes warm and hands them out one caller at a time.
 *
 * <ul>
 *   <li>Warms up in the background: nobody waits for the whole pool; refills after every retirement.</li>
 *   <li>A returned sandbox is reset (processes killed, writable dirs wiped, health checked) off the
 *       caller's path before it serves again; a failed reset or health check retires it.</li>
 *   <li>Sandboxes past {@code maxAge} are retired, idle ones by a sweeper.</li>
 *   <li>When none is idle, a caller creates one (up to {@code maxSandboxes} alive), else queues for at
 *       most {@code acquireTimeout}, then gets a {@link SandboxBusyException}. Such extra sandboxes
 *       serve as long as they are in demand: one that comes back when {@code size} are idle already
 *       is retired, so a burst (or a batch of cancelled calls) leaves the pool at its size.</li>
 *   <li>At most {@code maxConcurrentCreations} sandboxes are being created at any moment.</li>
 *   <li>Without pooling, every caller gets a new sandbox, removed after use.</li>
 * </ul>
 */
public final class SandboxPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxPool.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(2);
    /** How long a caller waits for a sandbox being reset (tens of ms) before it creates one (a second or so). */
    private static final Duration PREFER_RESET = Duration.ofSeconds(1);

    private final SandboxBackend backend;
    private final PoolSettings settings;
    private final ContainerLimits limits;
    private final LinkedBlockingDeque<Sandbox> idle = new LinkedBlockingDeque<>();
    private final AtomicInteger alive = new AtomicInteger();
    private final Semaphore creations;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong retired = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicInteger resetting = new AtomicInteger();
    private volatile boolean closed;

    /** A pool of sandboxes made with {@code limits}. */
    public SandboxPool(SandboxBackend backend, PoolSettings settings, ContainerLimits limits) {
        this.backend = backend;
        this.settings = settings;
        this.limits = limits;
        this.creations = new Semaphore(settings.maxConcurrentCreations(), true);
        this.workers = Executors.newCachedThreadPool(io.leansandbox.engine.DaemonThreads.named("lean-sandbox-pool"));
        this.timer = Executors.newSingleThreadScheduledExecutor(io.leansandbox.engine.DaemonThreads.named("lean-sandbox-pool-timer"));
        if (settings.pooling()) {
            long sweep = Math.max(1000, settings.maxAge().toMillis() / 10);
            timer.scheduleWithFixedDelay(this::retireOldIdle, sweep, sweep, TimeUnit.MILLISECONDS);
            refill();
        }
    }

    /** A sandbox for one caller's exclusive use; give it back with {@link #release}. */
    public Sandbox acquire() {
        return acquire(Cancellation.NONE);
    }

    /**
     * A sandbox for one caller's exclusive use; give it back with {@link #release}. A caller that is
     * cancelled while it waits leaves the queue with a {@link io.leansandbox.engine.CancelledException}.
     */
    public Sandbox acquire(Cancellation cancellation) {
        long deadline = System.nanoTime() + settings.acquireTimeout().toNanos();
        long preferResetUntil = System.nanoTime() + PREFER_RESET.toNanos();
        while (true) {
            if (closed) {
                throw new SandboxUnavailableException("the engine is closed");
            }
            cancellation.throwIfCancelled();
            Sandbox ready = idle.pollFirst();
            if (ready != null) {
                if (canServe(ready)) {
                    return ready;
                }
                retireLater(ready);
                continue;
            }
            // One coming back from its reset is ready sooner than a new one (a call that just ended or was cancelled).
            boolean resetSoon = resetting.get() > 0 && System.nanoTime() < preferResetUntil;
            if (!resetSoon && reserveSlot()) {
                return createReserved();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw noneCameFree();
            }
            try {
                // Wake up now and then: a slot may have opened by a retirement rather than a return.
                ready = idle.pollFirst(Math.min(left, TimeUnit.MILLISECONDS.toNanos(resetSoon ? 20 : 100)), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxUnavailableException("interrupted while waiting for a sandbox");
            }
            if (ready != null) {
                idle.offerFirst(ready);
            }
        }
    }

    /**
     * Why no sandbox came free in time: a backend in trouble (a daemon that does not answer) is named
     * as such, not taken for a full pool.
     */
    private RuntimeException noneCameFree() {
        String waited = "no sandbox came free within " + settings.acquireTimeout().toMillis() + " ms";
        java.util.Optional<String> trouble = backend.trouble();
        if (trouble.isPresent()) {
            return new SandboxUnavailableException(trouble.get() + "; " + waited);
        }
        return new SandboxBusyException("all " + settings.maxSandboxes() + " sandboxes are busy and " + waited
                + "; retry later or raise max_sandboxes");
    }

    /**
     * A sandbox for one caller's exclusive use if one is free now (idle, or a slot to create one in),
     * without waiting for another caller to give one back; give it back with {@link #release}.
     */
    public java.util.Optional<Sandbox> tryAcquire() {
        while (!closed) {
            Sandbox ready = idle.pollFirst();
            if (ready == null) {
                return reserveSlot() ? java.util.Optional.of(createReserved()) : java.util.Optional.empty();
            }
            if (canServe(ready)) {
                return java.util.Optional.of(ready);
            }
            retireLater(ready);
        }
        return java.util.Optional.empty();
    }

    /** Gives a sandbox back: it is reset in the background, then serves again, or is retired. */
    public void release(Sandbox sandbox) {
        if (closed || !settings.pooling() || sandbox.isBroken() || isTooOld(sandbox)) {
            retireLater(sandbox);
            return;
        }
        resetting.incrementAndGet();
        workers.execute(() -> {
            try {
                sandbox.reset();
                resets.incrementAndGet();
                boolean kept = false;
                if (!closed && !isTooOld(sandbox)) {
                    synchronized (idle) { // releases race each other here, not takers
                        if (idle.size() < settings.size()) {
                            kept = idle.offerLast(sandbox);
                        }
                    }
                }
                if (!kept) {
                    retire(sandbox); // too old, or more than the pool keeps warm
                }
            } catch (AgentException e) {
                log.warn("{} failed its reset and is retired: {}", sandbox, e.getMessage());
                retire(sandbox);
            } finally {
                resetting.decrementAndGet();
            }
        });
    }

    /** Takes a sandbox out of service for good: it is removed, never reset and never reused. */
    public void discard(Sandbox sandbox) {
        retireLater(sandbox);
    }

    public PoolStats stats() {
        return new PoolStats(idle.size(), alive.get(), created.get(), retired.get(), resets.get());
    }

    private boolean reserveSlot() {
        int n;
        do {
            n = alive.get();
            if (n >= settings.maxSandboxes()) {
                return false;
            }
        } while (!alive.compareAndSet(n, n + 1));
        return true;
    }

    /** Creates a sandbox for a slot already counted in {@code alive}; frees the slot on failure. */
    private Sandbox createReserved() {
        boolean made = false;
        try {
            creations.acquireUninterruptibly();
            try {
                Sandbox sandbox = backend.create(limits);
                created.incrementAndGet();
                made = true;
                return sandbox;
            } finally {
                creations.release();
            }
        } finally {
            if (!made) {
                alive.decrementAndGet();
            }
        }
    }

    /** Creates sandboxes in the background until {@code size} are alive. */
    private void refill() {
        while (settings.pooling() && !closed) {
            int n = alive.get();
            if (n >= settings.size()) {
                return;
            }
            if (!alive.compareAndSet(n, n + 1)) {
                continue;
            }
            workers.execute(() -> {
                // The slot is counted already, so createReserved must not count it again.
                try {
                    Sandbox sandbox = createReserved();
                    if (closed) {
                        retire(sandbox);
                    } else {
                        idle.offerLast(sandbox);
                    }
                } catch (RuntimeException e) {
                    log.warn("could not warm a sandbox (retrying in {} s): {}", RETRY_AFTER_FAILURE.toSeconds(), e.getMessage());
                    if (!closed) {
                        timer.schedule(this::refill, RETRY_AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
            });
        }
    }

    private void retireOldIdle() {
        for (Sandbox s : idle) {
            if (!canServe(s) && idle.remove(s)) {
                retireLater(s);
            }
        }
    }

    private void retireLater(Sandbox sandbox) {
        if (workers.isShutdown()) {
            retire(sandbox);
        } else {
            workers.execute(() -> retire(sandbox));
        }
    }

    private void retire(Sandbox sandbox) {
        try {
            sandbox.destroy();
        } catch (RuntimeException e) {
            log.warn("could not remove {}: {}", sandbox, e.getMessage());
        } finally {
            retired.incrementAndGet();
            alive.decrementAndGet();
        }
        refill();
    }

    /** An idle sandbox may serve unless it is too old or its agent went away meanwhile (its container killed from outside). */
    private boolean canServe(Sandbox sandbox) {
        return !isTooOld(sandbox) && !sandbox.isBroken();
    }

    private boolean isTooOld(Sandbox sandbox) {
        return sandbox.createdAt().plus(settings.maxAge()).isBefore(Instant.now());
    }

    /** Removes the idle sandboxes; sandboxes in use are removed when they come back. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        for (Sandbox s; (s = idle.pollFirst()) != null; ) {
            retire(s);
        }
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Sandbox s; (s = idle.pollFirst()) != null; ) {
            retire(s);
        }
    }
}
