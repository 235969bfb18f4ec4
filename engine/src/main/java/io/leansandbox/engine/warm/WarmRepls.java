package io.leansandbox.engine.warm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.RunOptions;
import io.leansandbox.engine.RunPhase;
import io.leansandbox.engine.SandboxBusyException;
import io.leansandbox.engine.lean.FollowUp;
import io.leansandbox.engine.lean.ImportHeader;
import io.leansandbox.engine.lean.LeanRunner;
import io.leansandbox.engine.lean.LeanSource;
import io.leansandbox.engine.lean.PositionMapping;
import io.leansandbox.engine.lean.ReplStep;
import io.leansandbox.engine.lean.SourceOffset;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.sandbox.AgentException;
import io.leansandbox.engine.sandbox.Sandbox;
import io.leansandbox.engine.sandbox.SandboxPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * REPLs that have already elaborated an import header, waiting in their sandboxes. A check with
 * the same (normalised) header runs its body in that header's environment, so the header is
 * imported once per REPL instead of once per check; positions are mapped back to the caller's file.
 * Code without imports is a header of its own, the empty one: its REPL has elaborated an empty
 * command (Lean's {@code Init}), so that such code does not pay a REPL start and the {@code Init}
 * import on every check. Those REPLs live in idle sandboxes the main pool lends them
 * ({@link SandboxPool#lendIdle}), up to its {@code pool_size}: an idle one still counts as an idle
 * sandbox of that pool, which takes it back (the REPL ends) for a caller that nothing else will serve
 * ({@link SandboxPool.Lender}), so they cost no containers beyond the pool's. A header-less check that
 * finds no REPL free and no idle sandbox to start one in takes a fresh REPL the usual way (which costs
 * what starting another warm one would), where a check with imports waits for a REPL of its header
 * (importing, say, Mathlib again costs seconds and gigabytes).
 * <p>
 * Only checks that {@link WarmReuseRule} finds unable to run code take this path, and only files whose
 * header means the same apart from the body ({@link ImportHeader#whyNotSeparable}: plain imports;
 * {@code module}, {@code prelude} and import modifiers reach Lean whole); the others get a REPL of
 * their own. A REPL serves again only when the check ended normally, it has served fewer than
 * {@code maxUses} checks and its sandbox's memory stayed under {@link WarmSettings#recycleAbove};
 * otherwise it is recycled and its sandbox reset. Between two checks, off the callers' path,
 * everything in its sandbox but the REPL itself is killed and the writable directories and IPC are
 * wiped, so that nothing of one caller's check reaches the next; the memory figure comes from that
 * same clean, so a REPL that grew is recycled before it serves again.
 */
public final class WarmRepls implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WarmRepls.class);
    /** How long a caller waits for a REPL of its header being cleaned before it starts one of its own. */
    private static final Duration PREFER_CLEANED = Duration.ofSeconds(1);

    private final Supplier<SandboxPool> pool;
    /** The main pool, whose sandboxes hold the REPLs of the empty header while they are idle. */
    private final Supplier<SandboxPool> plainPool;
    private final int plainRepls;
    private final LeanRunner runner;
    private final ObjectMapper json;
    private final WarmSettings settings;
    private final Duration acquireTimeout;
    private final Map<String, Deque<WarmRepl>> idle = new HashMap<>();
    private final Map<String, Integer> aliveByHeader = new HashMap<>();
    /** REPLs being cleaned between two checks: ready in tens of milliseconds, where a new one imports its header. */
    private final Map<String, Integer> cleaningByHeader = new HashMap<>();
    /** REPLs alive in the warm pool (import headers), and in the main pool (the empty header). */
    private int alive;
    private int alivePlain;
    private boolean closed;
    private final AtomicLong headerImports = new AtomicLong();
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong recycled = new AtomicLong();
    private final AtomicLong recycledForMemory = new AtomicLong();
    /** Cleans REPLs' sandboxes between checks, off the callers' path. */
    private final java.util.concurrent.ExecutorService cleaners =
            java.util.concurrent.Executors.newCachedThreadPool(io.leansandbox.engine.DaemonThreads.named("lean-sandbox-warm-clean"));

    /** One warm REPL: its sandbox, the header's environment id, and how often it served. */
    private static final class WarmRepl {
        final String header;
        final Sandbox sandbox;
        final int headerEnv;
        int uses;
        long lastUsedNanos = System.nanoTime();

        WarmRepl(String header, Sandbox sandbox, int headerEnv) {
            this.header = header;
            this.sandbox = sandbox;
            this.headerEnv = headerEnv;
        }
    }

    /**
     * @param pool        the warm pool, whose sandboxes hold the REPLs of import headers
     * @param plainPool   the main pool, whose sandboxes hold the REPLs of the empty header while they are idle
     * @param plainRepls  how many REPLs of the empty header may live at once (the main pool's size)
     */
    public WarmRepls(Supplier<SandboxPool> pool, Supplier<SandboxPool> plainPool, int plainRepls, LeanRunner runner, ObjectMapper json,
                     WarmSettings settings, Duration acquireTimeout) {
        this.pool = pool;
        this.plainPool = plainPool;
        this.plainRepls = plainRepls;
        this.runner = runner;
        this.json = json;
        this.settings = settings;
        this.acquireTimeout = acquireTimeout;
    }

    /** The header as the warm REPLs key and elaborate it: its import commands, in order, without repeats. */
    public static String normalise(ImportHeader header) {
        return String.join("\n", new LinkedHashSet<>(header.commands()));
    }

    /** Checks {@code source} on a warm REPL; empty when the warm path does not apply (disabled, a header Lean must see whole, code that runs). */
    public Optional<RunResult> check(LeanSource source) {
        return check(source, FollowUp.RESULT);
    }

    /**
     * Checks {@code source} on a warm REPL and runs {@code followUp} on the same REPL; empty when the
     * warm path does not apply (disabled, a header Lean must see whole, code that runs).
     */
    public <T> Optional<T> check(LeanSource source, FollowUp<T> followUp) {
        return check(source, followUp, RunOptions.DEFAULT);
    }

    /**
     * {@link #check(LeanSource, FollowUp)} for a call with its own {@code options}: its timeout
     * bounds the header's import (when this call has to do it) and the body; a cancelled call ends
     * with a {@link io.leansandbox.engine.CancelledException} and its REPL is recycled.
     */
    public <T> Optional<T> check(LeanSource source, FollowUp<T> followUp, RunOptions options) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        Optional<String> whole = source.header().whyNotSeparable();
        if (whole.isPresent()) {
            log.debug("{}: this check reaches Lean whole, on a REPL of its own", whole.get());
            return Optional.empty();
        }
        long start = System.nanoTime();
        String header = normalise(source.header());
        // The body starts at its first character that is not white space (positions are mapped back
        // all the same): the command the REPL gets is then the one a caller of the REPL would send
        // after the header command, so recorded transcripts of that pair replay on the stand-in.
        int bodyStart = source.header().bodyOffset();
        while (bodyStart < source.text().length() && Character.isWhitespace(source.text().charAt(bodyStart))) {
            bodyStart++;
        }
        String body = source.text().substring(bodyStart);
        Optional<String> runsCode = WarmReuseRule.effectfulToken(body);
        if (runsCode.isPresent()) {
            log.debug("`{}` may run code: this check gets a REPL of its own", runsCode.get());
            return Optional.empty();
        }
        Taken taken = take(header, options);
        if (taken.none()) {
            log.debug("every REPL of the empty header is busy and no sandbox is idle to start one: this check gets a fresh REPL");
            return Optional.empty();
        }
        if (taken.headerFailure() != null) {
            try {
                return Optional.of(followUp.apply(null, inCallersLines(source.header()).map(taken.headerFailure()), null));
            } catch (AgentException e) {
                throw new IllegalStateException("a follow-up used the sandbox of a failed header", e);
            }
        }
        WarmRepl repl = taken.repl();
        boolean keep = false;
        try {
            ReplStep step;
            T out;
            // The serving ends before the REPL is given back or recycled (whose reset it must not see).
            try (Sandbox.Serving serving = repl.sandbox.serve(options)) {
                options.enter(RunPhase.ELABORATING);
                step = runner.send(repl.sandbox,
                        json.createObjectNode().put("cmd", body).put("env", repl.headerEnv),
                        SourceOffset.of(source.text(), bodyStart));
                checks.incrementAndGet();
                repl.uses++;
                step = new ReplStep(withElapsed(step.result(), start), step.answer(), step.strayBytes());
                out = followUp.apply(repl.sandbox, step, step.answered() ? step.answer().env() : null);
            }
            // Output the REPL did not write means something else holds its stdout: never reuse that.
            keep = step.answered() && !step.refused() && step.strayBytes() == 0 && repl.uses < settings.maxUses()
                    && !repl.sandbox.isBroken();
            return Optional.of(out);
        } catch (AgentException e) {
            RunResult failed = RunResult.sandboxFailed(RunMode.CHECK, e, since(start));
            try {
                return Optional.of(followUp.apply(null, new ReplStep(failed, null), null));
            } catch (AgentException impossible) {
                throw new IllegalStateException(impossible);
            }
        } finally {
            if (keep) {
                cleanThenGiveBack(repl);
            } else {
                recycle(repl);
            }
        }
    }

    /**
     * Maps a position in the normalised header (line i = its i-th distinct import) to the line of
     * that import in the caller's file.
     */
    static PositionMapping inCallersLines(ImportHeader header) {
        Map<String, Integer> firstLines = new LinkedHashMap<>();
        for (int i = 0; i < header.commands().size(); i++) {
            firstLines.putIfAbsent(header.commands().get(i), header.lines().get(i));
        }
        List<Integer> lines = List.copyOf(firstLines.values());
        if (lines.isEmpty()) {
            return p -> p; // the empty header: the body starts the file
        }
        return p -> new Position(lines.get(Math.max(0, Math.min(lines.size() - 1, p.line() - 1))), p.column());
    }

    /**
     * The main pool's lender: the idle REPLs of the empty header hold sandboxes of that pool, and give
     * one back (the least recently used REPL ends) for a caller of the pool that no sandbox being reset
     * or made will serve.
     */
    public SandboxPool.Lender plainLender() {
        return new SandboxPool.Lender() {
            @Override
            public boolean giveOneBack() {
                WarmRepl victim;
                synchronized (WarmRepls.this) {
                    victim = idle.getOrDefault("", new ArrayDeque<>()).pollLast();
                    if (victim == null) {
                        return false;
                    }
                    recycled.incrementAndGet();
                }
                release(victim.header, victim.sandbox);
                return true;
            }

            @Override
            public int idle() {
                synchronized (WarmRepls.this) {
                    return idle.getOrDefault("", new ArrayDeque<>()).size();
                }
            }
        };
    }

    /** Starts warm REPLs for the configured headers, one each, in the background. */
    public void prewarm(java.util.concurrent.Executor executor) {
        for (String text : settings.headers()) {
            ImportHeader header = ImportHeader.parse(text);
            if (header.whyNotSeparable().isPresent()) {
                log.warn("not warming `{}`: {}; files with this header reach Lean whole", text, header.whyNotSeparable().get());
            } else if (!header.isEmpty()) {
                executor.execute(() -> {
                    try {
                        Taken t = take(normalise(header));
                        if (t.repl() != null) {
                            giveBack(t.repl());
                        }
                    } catch (RuntimeException e) {
                        log.warn("could not warm a REPL for {}: {}", text, e.getMessage());
                    }
                });
            }
        }
    }

    public synchronized WarmStats stats() {
        int waiting = idle.values().stream().mapToInt(Deque::size).sum();
        return new WarmStats(headerImports.get(), checks.get(), recycled.get(), recycledForMemory.get(), waiting, alive + alivePlain);
    }

    /** A warm REPL for the header, or the result of a header that failed to elaborate; neither: no sandbox to start one in (the empty header). */
    private record Taken(WarmRepl repl, ReplStep headerFailure) {
        static final Taken NONE = new Taken(null, null);

        boolean none() {
            return repl == null && headerFailure == null;
        }
    }

    private Taken take(String header) {
        return take(header, RunOptions.DEFAULT);
    }

    private Taken take(String header, RunOptions options) {
        long deadline = System.nanoTime() + acquireTimeout.toNanos();
        long preferCleanedUntil = System.nanoTime() + PREFER_CLEANED.toNanos();
        options.enter(RunPhase.QUEUED);
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw new io.leansandbox.engine.SandboxUnavailableException("the engine is closed");
                }
                options.cancellation().throwIfCancelled();
                WarmRepl ready = idle.computeIfAbsent(header, h -> new ArrayDeque<>()).pollFirst();
                if (ready != null && ready.sandbox.isBroken()) {
                    // Its container died while it waited (killed, out of memory, the daemon restarted): never hand it out.
                    log.info("an idle warm REPL's sandbox {} is gone: recycled", ready.sandbox);
                    recycle(ready);
                    continue;
                }
                if (ready != null) {
                    return new Taken(ready, null);
                }
                boolean cleanedSoon = cleaningByHeader.getOrDefault(header, 0) > 0 && System.nanoTime() < preferCleanedUntil;
                if (header.isEmpty() && !cleanedSoon) {
                    if (alivePlain >= plainRepls) {
                        return Taken.NONE;
                    }
                    alivePlain++;
                    break;
                }
                if (!header.isEmpty() && !cleanedSoon && aliveByHeader.getOrDefault(header, 0) < settings.perHeader()) {
                    if (alive >= settings.maxRepls()) {
                        evictLeastRecentlyUsedIdle();
                    }
                    if (alive < settings.maxRepls()) {
                        aliveByHeader.merge(header, 1, Integer::sum);
                        alive++;
                        break;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SandboxBusyException("every warm REPL for this header is busy and none came free within "
                            + acquireTimeout.toMillis() + " ms; retry later or raise warm_repls_per_header / max_warm_repls");
                }
                try {
                    // Wake up now and then: a cancelled caller must leave the queue soon.
                    wait(Math.max(1, Math.min(100, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new io.leansandbox.engine.SandboxUnavailableException("interrupted while waiting for a warm REPL");
                }
            }
        }
        return start(header, options);
    }

    /** Starts a REPL for a slot already counted, and elaborates the header in it. */
    private Taken start(String header, RunOptions options) {
        Sandbox sandbox = null;
        try {
            // The empty header's REPLs start only in a sandbox the main pool has idle: they never make it queue or grow.
            sandbox = header.isEmpty() ? plainPool.get().lendIdle().orElse(null) : pool.get().acquire(options.cancellation());
            if (sandbox == null) {
                free(header);
                return Taken.NONE;
            }
            ReplStep step;
            try (Sandbox.Serving serving = sandbox.serve(options)) {
                options.enter(RunPhase.STARTING);
                sandbox.startRepl();
                options.enter(RunPhase.IMPORTING_HEADER);
                step = runner.send(sandbox, json.createObjectNode().put("cmd", header), SourceOffset.NONE);
            }
            headerImports.incrementAndGet();
            if (step.answered() && step.result().status() == Status.SUCCESS && step.answer().env() != null) {
                return new Taken(new WarmRepl(header, sandbox, step.answer().env()), null);
            }
            release(header, sandbox);
            return new Taken(null, step);
        } catch (AgentException | RuntimeException e) {
            if (sandbox != null) {
                release(header, sandbox);
            } else {
                free(header);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            return new Taken(null, new ReplStep(
                    RunResult.sandboxFailed(RunMode.CHECK, (AgentException) e, Duration.ZERO), null));
        }
    }

    /** Cleans the REPL's sandbox in the background, then lets it serve again; a failed clean recycles it. */
    private void cleanThenGiveBack(WarmRepl repl) {
        synchronized (this) {
            cleaningByHeader.merge(repl.header, 1, Integer::sum);
        }
        try {
            cleaners.execute(() -> {
                boolean clean = false;
                try {
                    java.util.OptionalLong memory = repl.sandbox.cleanAroundRepl();
                    clean = !grown(repl, memory);
                } catch (AgentException | RuntimeException e) {
                    log.warn("{} failed its clean between checks and is recycled: {}", repl.sandbox, e.getMessage());
                }
                cleaned(repl, clean);
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            cleaned(repl, false);
        }
    }

    /** Whether the REPL's sandbox uses more memory than a REPL may keep between checks (then it is recycled). */
    private boolean grown(WarmRepl repl, java.util.OptionalLong memory) {
        long limit = settings.recycleAbove(repl.sandbox.memoryLimit());
        if (memory.isEmpty() || limit <= 0 || memory.getAsLong() <= limit) {
            return false;
        }
        log.info("a warm REPL for `{}` uses {} MiB after {} checks, past warm_recycle_memory ({} MiB): recycled before it serves again",
                repl.header.isEmpty() ? "(no imports)" : repl.header, memory.getAsLong() >> 20, repl.uses, limit >> 20);
        recycledForMemory.incrementAndGet();
        return true;
    }

    /** At once (so that a waiting caller never finds it neither cleaning nor idle): serves again, or is recycled. */
    private void cleaned(WarmRepl repl, boolean clean) {
        synchronized (this) {
            cleaningByHeader.merge(repl.header, -1, Integer::sum);
            if (clean) {
                giveBack(repl);
                return;
            }
        }
        recycle(repl);
    }

    private void giveBack(WarmRepl repl) {
        synchronized (this) {
            // An idle REPL of the empty header holds a sandbox of the main pool: callers queued there get
            // it back. Checked under this lock, which the pool's call for a sandbox (plainLender) takes
            // too, so that a caller queueing meanwhile finds this REPL idle and takes it back then.
            boolean wanted = repl.header.isEmpty() && plainPool.get().hasUnservedCallers();
            if (!closed && !wanted) {
                repl.lastUsedNanos = System.nanoTime();
                idle.computeIfAbsent(repl.header, h -> new ArrayDeque<>()).addFirst(repl);
                notifyAll();
                return;
            }
        }
        recycle(repl);
    }

    private void recycle(WarmRepl repl) {
        recycled.incrementAndGet();
        release(repl.header, repl.sandbox);
    }

    /** Gives the sandbox back to the pool, which resets it before any other use, and frees the slot. */
    private void release(String header, Sandbox sandbox) {
        poolFor(header).release(sandbox);
        free(header);
    }

    private SandboxPool poolFor(String header) {
        return header.isEmpty() ? plainPool.get() : pool.get();
    }

    private synchronized void free(String header) {
        if (header.isEmpty()) {
            alivePlain--;
        } else {
            aliveByHeader.merge(header, -1, Integer::sum);
            alive--;
        }
        notifyAll();
    }

    /** Makes room in the warm pool for another header by recycling its idle REPL unused the longest; caller holds the lock. */
    private void evictLeastRecentlyUsedIdle() {
        idle.entrySet().stream().filter(e -> !e.getKey().isEmpty()).map(Map.Entry::getValue).filter(d -> !d.isEmpty()).map(Deque::peekLast)
                .min(Comparator.comparingLong(r -> r.lastUsedNanos))
                .ifPresent(victim -> {
                    idle.get(victim.header).remove(victim);
                    recycled.incrementAndGet();
                    aliveByHeader.merge(victim.header, -1, Integer::sum);
                    alive--;
                    pool.get().release(victim.sandbox);
                });
    }

    /** Recycles the idle REPLs; busy ones are recycled when their check ends. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            idle.values().forEach(d -> d.forEach(r -> poolFor(r.header).release(r.sandbox)));
            idle.clear();
            notifyAll();
        }
        cleaners.shutdown(); // a clean under way still ends in giveBack, which recycles once closed
        try {
            // ... into a pool still open (the engine closes its pools after this), which removes the sandbox when it closes.
            cleaners.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RunResult withElapsed(RunResult r, long start) {
        return new RunResult(r.status(), r.mode(), r.exitCode(), r.diagnostics(), r.sorries(), r.stdout(), r.stderr(),
                r.outputTruncated(), since(start), r.toolchainTime());
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
