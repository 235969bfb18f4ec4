package io.leansandbox.engine.sandbox;

import io.leansandbox.engine.Cancellation;
import io.leansandbox.engine.CancelledException;
import io.leansandbox.engine.DaemonThreads;
import io.leansandbox.engine.SandboxBusyException;
import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.ContainerLimits;
import io.leansandbox.engine.config.PoolSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps sandboxes warm and hands them out one caller at a time.
 *
 * <ul>
 *   <li>Warms up in the background: nobody waits for the whole pool; refills after every retirement.</li>
 *   <li>A returned sandbox is reset (processes killed, writable dirs wiped, health checked) off the
 *       caller's path before it serves again; a failed reset or health check retires it. Broken
 *       sandboxes (agent gone, container killed) and ones past {@code maxAge} are never handed out;
 *       idle ones past their age are retired by a sweeper.</li>
 *   <li>A caller that finds no idle sandbox joins one first-come-first-served queue; each sandbox that
 *       comes back from its reset, or is made, goes to the queue's head. A cancelled caller leaves the
 *       queue; one still queued after {@code acquireTimeout} gets a {@link SandboxBusyException} (a
 *       {@link SandboxUnavailableException} naming the daemon when the backend is in trouble).</li>
 * </ul>
 *
 * <p><b>When the pool grows.</b> A reset takes tens of milliseconds and a creation hundreds, so a queued
 * caller usually gets a returning sandbox sooner than a new one. The pool therefore makes a sandbox for
 * its queue (never more than {@code maxSandboxes} alive, nor {@code maxConcurrentCreations} at once)
 * only for a caller that no sandbox already on its way will serve: queued callers beyond the sandboxes
 * being reset or made, and then only when
 * <ol>
 *   <li>that caller has waited as long as a creation takes (the moving average of creations; at most a
 *       quarter of {@code acquireTimeout}, so a short timeout still leaves a creation time to finish):
 *       demand has stayed above what returns provide; or</li>
 *   <li>waiting cannot help: nothing handed out is likely back soon (no pooling; a pool whose sandboxes
 *       are mostly discarded; none handed out less than a creation's time ago, as with long runs, sessions
 *       and warm REPLs), or by the moving averages a sandbox in use comes back (its hold time, then its
 *       reset) later than a new one would be made.</li>
 * </ol>
 * A creation that fails hands its error to the queue's head when a caller is queued that nothing else on
 * its way would serve (as if it had tried itself), so callers learn at once that the daemon is in trouble.
 *
 * <p><b>When it shrinks.</b> A sandbox that comes back (or is made) when nobody is queued and {@code size}
 * are idle already is retired, so after a burst the pool is back at its size as soon as the extra
 * sandboxes have served their last caller.
 *
 * <p><b>Sandboxes lent out while idle.</b> An idle sandbox may be lent ({@link #lendIdle}) to hold a
 * warm REPL of code without imports ({@link io.leansandbox.engine.warm.WarmRepls}). Lent sandboxes
 * count toward {@code size} (the pool keeps {@code size} sandboxes idle or lent, so lending makes no
 * containers), and their idle ones as idle in {@link #stats()}; their time out is not taken for a
 * caller's hold time. A caller that no sandbox on its way will serve first takes one back from the
 * {@link Lender} (the REPL ends, the sandbox is reset and handed to the queue), before the pool
 * considers growing.
 *
 * <p>Without pooling, every caller gets a new sandbox, removed after use.
 */
public final class SandboxPool implements AutoCloseable {

    /** Whoever holds sandboxes of this pool while they are idle, and gives one back on demand. */
    public interface Lender {
        /** Gives one idle sandbox back to the pool ({@link #release}), if it holds one; whether it did. */
        boolean giveOneBack();

        /** How many idle sandboxes it holds now. */
        int idle();
    }

    private static final Lender NO_LENDER = new Lender() {
        @Override
        public boolean giveOneBack() {
            return false;
        }

        @Override
        public int idle() {
            return 0;
        }
    };

    private static final Logger log = LoggerFactory.getLogger(SandboxPool.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(2);
    /** A creation's time until one has been measured: about what a hardened container with its agent takes. */
    private static final Duration FIRST_CREATION_GUESS = Duration.ofMillis(500);

    /** A queued caller: its future gets a sandbox, or the error it must end with. */
    private record Waiter(long since, CompletableFuture<Sandbox> handoff) {
        Waiter() {
            this(System.nanoTime(), new CompletableFuture<>());
        }
    }

    private final SandboxBackend backend;
    private final PoolSettings settings;
    private final ContainerLimits limits;
    private final Semaphore creations;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final MovingAverage createTime = new MovingAverage();
    private final MovingAverage resetTime = new MovingAverage();
    private final MovingAverage holdTime = new MovingAverage();

    /** Guards everything below: one lock, so that hand-offs, the queue and the counts always agree. */
    private final Object lock = new Object();
    private final ArrayDeque<Sandbox> idle = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Sandboxes handed out, with when: their hold time is measured when they come back. */
    private final IdentityHashMap<Sandbox, Long> handedOut = new IdentityHashMap<>();
    private int alive;
    private int resetting;
    /** Creations whose sandbox goes to the queue or to idle (warm-up, growth). */
    private int creating;
    /** Creations a caller waits for itself (no pooling, {@link #tryAcquire}): in use once made. */
    private int ownCreations;
    private long created;
    private long retired;
    private long resets;
    private long releases;
    private long discards;
    /** When the next timed growth check is due (System.nanoTime()), or 0 if none is scheduled. */
    private long checkDue;
    private volatile boolean closed;
    private volatile Lender lender = NO_LENDER;
    /** Sandboxes lent out ({@link #lendIdle}), idle or serving their borrower. */
    private final java.util.Set<Sandbox> lentOut = new java.util.HashSet<>();

    /** A pool of sandboxes made with {@code limits}, at most {@code maxConcurrentCreations} at once. */
    public SandboxPool(SandboxBackend backend, PoolSettings settings, ContainerLimits limits) {
        this(backend, settings, limits, new Semaphore(settings.maxConcurrentCreations(), true));
    }

    /**
     * A pool of sandboxes made with {@code limits}, whose creations take a permit of {@code creations}:
     * the pools of one engine share theirs, as they share one Docker daemon.
     */
    public SandboxPool(SandboxBackend backend, PoolSettings settings, ContainerLimits limits, Semaphore creations) {
        this.backend = backend;
        this.settings = settings;
        this.limits = limits;
        this.creations = creations;
        this.workers = Executors.newCachedThreadPool(DaemonThreads.named("lean-sandbox-pool"));
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lean-sandbox-pool-timer"));
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
        while (true) {
            cancellation.throwIfCancelled();
            Sandbox ready = null;
            Waiter waiter = null;
            boolean unserved = false;
            synchronized (lock) {
                if (closed) {
                    throw new SandboxUnavailableException("the engine is closed");
                }
                // Nobody queued has a sandbox waiting for it (hand-offs go to the queue first), so an idle one is this caller's.
                if (waiters.isEmpty() && !idle.isEmpty()) {
                    ready = idle.pollFirst();
                    handedOut.put(ready, System.nanoTime());
                } else if (!settings.pooling() && waiters.isEmpty() && alive < settings.maxSandboxes()) {
                    alive++;
                    ownCreations++;
                } else {
                    waiter = new Waiter();
                    waiters.addLast(waiter);
                    unserved = waiters.size() > resetting + creating;
                }
            }
            if (ready != null) {
                if (canServe(ready)) {
                    return ready;
                }
                forget(ready);
                retireLater(ready);
                continue;
            }
            if (waiter == null) {
                return createOwn();
            }
            if (unserved) {
                lender.giveOneBack(); // outside the lock: the lender takes its own, then releases into this pool
            }
            considerGrowth();
            return await(waiter, deadline, cancellation);
        }
    }

    /** Waits in the queue for a hand-off, the deadline, a cancellation or an error meant for this caller. */
    private Sandbox await(Waiter waiter, long deadline, Cancellation cancellation) {
        Sandbox sandbox;
        try (Cancellation.Registration ignored = cancellation.onCancel(
                () -> leave(waiter, new CancelledException(cancellation.reason())))) {
            sandbox = waiter.handoff().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (leave(waiter, new SandboxBusyException("timed out"))) {
                throw noneCameFree();
            }
            sandbox = handedOver(waiter); // handed one (or an error meant for this caller) as the deadline passed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!leave(waiter, new SandboxUnavailableException("interrupted")) && !waiter.handoff().isCompletedExceptionally()) {
                giveBack(waiter.handoff().join());
            }
            cancellation.throwIfCancelled();
            throw new SandboxUnavailableException("interrupted while waiting for a sandbox");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new SandboxUnavailableException(e.getCause().getMessage(), e.getCause());
        }
        if (cancellation.isCancelled()) { // cancelled as it was handed one: the sandbox is unused, so it goes straight back
            giveBack(sandbox);
            cancellation.throwIfCancelled();
        }
        return sandbox;
    }

    /** What a completed hand-off carries: the sandbox, or the error it was completed with (a closing pool, a failed creation). */
    private static Sandbox handedOver(Waiter waiter) {
        try {
            return waiter.handoff().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new SandboxUnavailableException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Takes a waiter out of the queue with {@code why}, unless it was handed a sandbox first (then false). */
    private boolean leave(Waiter waiter, RuntimeException why) {
        synchronized (lock) {
            if (!waiter.handoff().completeExceptionally(why)) {
                return false;
            }
            waiters.remove(waiter);
            return true;
        }
    }

    /**
     * Why no sandbox came free in time: a backend in trouble (a daemon that does not answer) is named
     * as such, not taken for a full pool; otherwise what the pool's sandboxes were doing.
     */
    private RuntimeException noneCameFree() {
        String waited = "no sandbox came free within " + settings.acquireTimeout().toMillis() + " ms";
        Optional<String> trouble = backend.trouble();
        if (trouble.isPresent()) {
            return new SandboxUnavailableException(trouble.get() + "; " + waited);
        }
        PoolLoad load;
        synchronized (lock) {
            load = loadNow();
        }
        String state = load.alive() + " of at most " + settings.maxSandboxes() + " sandboxes alive: " + load.inUse() + " in use, "
                + load.resetting() + " being reset, " + load.creating() + " being made; " + load.waiting() + " other callers queued";
        if (load.alive() >= settings.maxSandboxes()) {
            return new SandboxBusyException("all " + settings.maxSandboxes() + " sandboxes are busy and " + waited + " ("
                    + state + "); retry later or raise max_sandboxes");
        }
        return new SandboxBusyException("the pool is busy and " + waited + " (" + state + "); retry later");
    }

    /**
     * A sandbox for one caller's exclusive use if one is free now (idle, or a slot to create one in),
     * without waiting for another caller to give one back; give it back with {@link #release}.
     */
    public Optional<Sandbox> tryAcquire() {
        while (true) {
            Sandbox ready;
            synchronized (lock) {
                if (closed) {
                    return Optional.empty();
                }
                ready = waiters.isEmpty() ? idle.pollFirst() : null;
                if (ready != null) {
                    handedOut.put(ready, System.nanoTime());
                } else if (alive < settings.maxSandboxes()) {
                    alive++;
                    ownCreations++;
                } else {
                    return Optional.empty();
                }
            }
            if (ready == null) {
                return Optional.of(createOwn());
            }
            if (canServe(ready)) {
                return Optional.of(ready);
            }
            forget(ready);
            retireLater(ready);
        }
    }

    /** Gives a sandbox back: it is reset in the background, then serves again, or is retired. */
    public void release(Sandbox sandbox) {
        boolean reset;
        synchronized (lock) {
            Long since = handedOut.remove(sandbox);
            if (since != null) {
                holdTime.add(System.nanoTime() - since);
            }
            lentOut.remove(sandbox); // a lent sandbox's time out is a REPL's life, not a caller's hold
            releases++;
            reset = !closed && settings.pooling() && !sandbox.isBroken() && !isTooOld(sandbox);
            if (reset) {
                resetting++;
            }
        }
        if (!reset) {
            retireLater(sandbox);
        } else {
            try {
                workers.execute(() -> reset(sandbox));
            } catch (RejectedExecutionException closing) {
                synchronized (lock) {
                    resetting--;
                }
                retire(sandbox);
            }
        }
        considerGrowth();
    }

    private void reset(Sandbox sandbox) {
        long start = System.nanoTime();
        boolean sound = false;
        try {
            sandbox.reset();
            sound = true;
        } catch (AgentException | RuntimeException e) {
            log.warn("{} failed its reset and is retired: {}", sandbox, e.getMessage());
        }
        Sandbox toRetire;
        synchronized (lock) {
            resetting--;
            if (sound) {
                resets++;
                resetTime.add(System.nanoTime() - start);
            }
            toRetire = sound && !isTooOld(sandbox) ? place(sandbox) : sandbox;
        }
        if (toRetire != null) {
            retire(toRetire);
        }
        considerGrowth();
    }

    /** Takes a sandbox out of service for good: it is removed, never reset and never reused. */
    public void discard(Sandbox sandbox) {
        synchronized (lock) {
            handedOut.remove(sandbox);
            discards++;
        }
        retireLater(sandbox);
    }

    /** Sandboxes idle in the pool and those its lender holds while idle; alive, created, retired, resets. */
    public PoolStats stats() {
        int lent = lender.idle(); // outside the lock: the lender's lock comes first where both are taken
        synchronized (lock) {
            return new PoolStats(idle.size() + lent, alive, created, retired, resets);
        }
    }

    /** Whether callers are queued that no sandbox being reset or made will serve: a lender should give back what it holds. */
    public boolean hasUnservedCallers() {
        synchronized (lock) {
            return waiters.size() > resetting + creating;
        }
    }

    /**
     * An idle sandbox lent out, if one is idle and nobody is queued: never a queue, never a creation.
     * Give it back with {@link #release}.
     */
    public Optional<Sandbox> lendIdle() {
        while (true) {
            Sandbox ready;
            synchronized (lock) {
                if (closed || !waiters.isEmpty() || idle.isEmpty()) {
                    return Optional.empty();
                }
                ready = idle.pollFirst();
                lentOut.add(ready);
            }
            if (canServe(ready)) {
                return Optional.of(ready);
            }
            synchronized (lock) {
                lentOut.remove(ready);
            }
            forget(ready);
            retireLater(ready);
        }
    }

    /** Lets {@code lender} hold this pool's sandboxes while they are idle (see the class comment). */
    public void lendIdleTo(Lender lender) {
        this.lender = lender;
    }

    /**
     * A sound sandbox ready to serve: to the queue's head, else idle if fewer than {@code size} are,
     * else it is surplus and returned, for the caller to retire. Call with the lock held.
     */
    private Sandbox place(Sandbox sandbox) {
        if (closed) {
            return sandbox;
        }
        for (Waiter w; (w = waiters.pollFirst()) != null; ) {
            if (w.handoff().complete(sandbox)) {
                handedOut.put(sandbox, System.nanoTime());
                return null;
            }
        }
        if (settings.pooling() && idle.size() + lentOut.size() < settings.size()) {
            idle.addLast(sandbox);
            return null;
        }
        return sandbox;
    }

    /** An unused sandbox handed to a caller that no longer wants it (cancelled, interrupted) goes back as it is. */
    private void giveBack(Sandbox sandbox) {
        Sandbox toRetire;
        synchronized (lock) {
            handedOut.remove(sandbox);
            toRetire = canServe(sandbox) ? place(sandbox) : sandbox;
        }
        if (toRetire != null) {
            retireLater(toRetire);
        }
    }

    private void forget(Sandbox sandbox) {
        synchronized (lock) {
            handedOut.remove(sandbox);
        }
    }

    /** Creates a sandbox for a caller that waits for it (its slot counted in {@code alive} and {@code ownCreations}). */
    private Sandbox createOwn() {
        Sandbox sandbox = null;
        try {
            sandbox = timedCreate();
            return sandbox;
        } finally {
            synchronized (lock) {
                ownCreations--;
                if (sandbox == null) {
                    alive--;
                } else {
                    created++;
                    handedOut.put(sandbox, System.nanoTime());
                }
            }
            if (sandbox == null) {
                considerGrowth(); // a slot opened
            }
        }
    }

    private Sandbox timedCreate() {
        creations.acquireUninterruptibly();
        try {
            long start = System.nanoTime();
            Sandbox sandbox = backend.create(limits);
            createTime.add(System.nanoTime() - start);
            return sandbox;
        } finally {
            creations.release();
        }
    }

    /** Starts {@code n} creations for the queue or the warm pool. Call with the lock held. */
    private void startCreations(int n, boolean refill) {
        for (int i = 0; i < n && !closed; i++) {
            alive++;
            creating++;
            try {
                workers.execute(() -> createForQueue(refill));
            } catch (RejectedExecutionException closing) {
                alive--;
                creating--;
                return;
            }
        }
    }

    private void createForQueue(boolean refill) {
        Sandbox sandbox = null;
        Throwable failure = null;
        try {
            sandbox = timedCreate();
        } catch (RuntimeException | Error e) { // counted back either way, so the pool's counts never drift
            failure = e;
        }
        Sandbox toRetire = null;
        boolean told = false;
        synchronized (lock) {
            creating--;
            if (sandbox != null) {
                created++;
                toRetire = place(sandbox);
            } else {
                alive--;
                // The queue's head learns why, if nothing else on its way would serve a caller queued now.
                Waiter head = waiters.peekFirst();
                if (head != null && waiters.size() > resetting + creating && head.handoff().completeExceptionally(failure)) {
                    waiters.pollFirst();
                    told = true;
                }
            }
        }
        if (toRetire != null) {
            retire(toRetire);
        }
        if (failure != null && !closed) {
            if (refill) {
                log.warn("could not warm a sandbox (retrying in {} s): {}", RETRY_AFTER_FAILURE.toSeconds(), failure.getMessage());
                try {
                    timer.schedule(this::refill, RETRY_AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closing) {
                    // closed meanwhile: nothing to warm
                }
            } else if (!told) {
                log.warn("could not make a sandbox for the queue: {}", failure.getMessage());
            }
        }
        considerGrowth();
        if (failure instanceof Error e) {
            throw e;
        }
    }

    /** Creates sandboxes in the background until {@code size} are alive. */
    private void refill() {
        synchronized (lock) {
            if (settings.pooling() && !closed && alive < settings.size()) {
                startCreations(settings.size() - alive, true);
            }
        }
    }

    /** Applies the growth policy (class comment, {@link PoolLoad}) now, and schedules the next timed look if one is due. */
    private void considerGrowth() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            PoolLoad load = loadNow();
            for (int n; (n = load.creationsToStart()) > 0; load = loadNow()) {
                log.debug("the pool makes {} for its queue: {}", n, load);
                startCreations(n, false);
            }
            long in = load.recheckInNanos();
            long due = System.nanoTime() + Math.max(in, TimeUnit.MILLISECONDS.toNanos(1));
            if (in >= 0 && (checkDue == 0 || due - checkDue < 0)) {
                checkDue = due;
                try {
                    timer.schedule(this::timedCheck, due - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException closing) {
                    checkDue = 0;
                }
            }
        }
    }

    private void timedCheck() {
        synchronized (lock) {
            checkDue = 0;
        }
        considerGrowth();
    }

    /** The pool's load as {@link PoolLoad} sees it. Call with the lock held. */
    private PoolLoad loadNow() {
        long now = System.nanoTime();
        long create = createTime.nanos();
        long patience = Math.min(create >= 0 ? create : FIRST_CREATION_GUESS.toNanos(), settings.acquireTimeout().toNanos() / 4);
        int onTheirWay = resetting + creating;
        int overdue = 0;
        long nextOverdueIn = -1;
        int position = 0;
        for (Waiter w : waiters) { // arrival order: the longest waits first
            if (position++ < onTheirWay) {
                continue;
            }
            long waited = now - w.since();
            if (waited >= patience) {
                overdue++;
            } else {
                nextOverdueIn = patience - waited;
                break;
            }
        }
        int returningSoon = 0;
        for (long since : handedOut.values()) {
            if (now - since < patience) {
                returningSoon++;
            }
        }
        boolean returnsExpected = settings.pooling() && releases >= discards;
        return new PoolLoad(waiters.size(), resetting, creating, handedOut.size() + ownCreations, returningSoon, alive,
                settings.maxSandboxes(), settings.maxConcurrentCreations(), overdue, nextOverdueIn, patience,
                create, resetTime.nanos(), holdTime.nanos(), returnsExpected);
    }

    private void retireOldIdle() {
        List<Sandbox> old = new ArrayList<>();
        synchronized (lock) {
            idle.removeIf(s -> !canServe(s) && old.add(s));
        }
        old.forEach(this::retireLater);
    }

    private void retireLater(Sandbox sandbox) {
        try {
            workers.execute(() -> retire(sandbox));
        } catch (RejectedExecutionException closing) {
            retire(sandbox);
        }
    }

    private void retire(Sandbox sandbox) {
        try {
            sandbox.destroy();
        } catch (RuntimeException e) {
            log.warn("could not remove {}: {}", sandbox, e.getMessage());
        } finally {
            synchronized (lock) {
                retired++;
                alive--;
            }
        }
        refill();
        considerGrowth();
    }

    /** An idle sandbox may serve unless it is too old or its agent went away meanwhile (its container killed from outside). */
    private boolean canServe(Sandbox sandbox) {
        return !isTooOld(sandbox) && !sandbox.isBroken();
    }

    private boolean isTooOld(Sandbox sandbox) {
        return sandbox.createdAt().plus(settings.maxAge()).isBefore(Instant.now());
    }

    /** Removes the idle sandboxes and turns the queued callers away; sandboxes in use are removed when they come back. */
    @Override
    public void close() {
        List<Sandbox> toRetire = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            for (Waiter w; (w = waiters.pollFirst()) != null; ) {
                w.handoff().completeExceptionally(new SandboxUnavailableException("the engine is closed"));
            }
            toRetire.addAll(idle);
            idle.clear();
        }
        timer.shutdownNow();
        toRetire.forEach(this::retire);
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
