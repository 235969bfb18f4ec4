package io.leansandbox.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.session.SessionManager;
import io.leansandbox.engine.warm.WarmRepls;
import io.leansandbox.engine.warm.WarmSettings;
import io.leansandbox.engine.warm.WarmStats;
import io.leansandbox.engine.lean.FollowUp;
import io.leansandbox.engine.lean.LeanRunner;
import io.leansandbox.engine.lean.LeanSource;
import io.leansandbox.engine.lean.ReplStep;
import io.leansandbox.engine.proof.ProofChecker;
import io.leansandbox.engine.proof.ProofReport;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.sandbox.AgentException;
import io.leansandbox.engine.sandbox.AgentOutcome;
import io.leansandbox.engine.sandbox.PoolStats;
import io.leansandbox.engine.sandbox.Sandbox;
import io.leansandbox.engine.sandbox.SandboxBackend;
import io.leansandbox.engine.sandbox.SandboxPool;
import io.leansandbox.engine.sandbox.docker.DockerBackend;
import io.leansandbox.engine.sandbox.local.LocalBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The engine: checks and runs Lean in pooled sandboxes.
 *
 * <pre>{@code
 * try (LeanSandbox lean = LeanSandbox.start(Settings.defaults())) {
 *     RunResult result = lean.run("theorem t : 1 + 1 = 2 := rfl");
 * }
 * }</pre>
 *
 * Thread-safe: many threads may run at once; each run gets a sandbox of its own.
 */
public final class LeanSandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeanSandbox.class);

    private final Settings settings;
    private final String id = UUID.randomUUID().toString();
    private final ObjectMapper json = new ObjectMapper();
    private final SandboxBackend backend;
    private final SandboxPool pool;
    private final LeanRunner runner;
    private final SessionManager sessions;
    private final WarmRepls warm;
    private final ProofChecker proofs;
    private volatile SandboxPool warmPool;
    private volatile String leanVersion;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private LeanSandbox(Settings settings, Function<LeanSandbox, SandboxBackend> backendFactory) {
        this.settings = settings;
        this.backend = backendFactory.apply(this);
        // The hook goes in before the pool makes its first container: a JVM already shutting down
        // refuses it, and then nothing may be created that no hook would remove.
        this.shutdownHook = new Thread(this::close, "lean-sandbox-shutdown");
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            backend.close();
            throw new SandboxUnavailableException("the JVM is shutting down: no engine can start now", e);
        }
        this.pool = new SandboxPool(backend, settings.pool(), settings.limits());
        this.runner = new LeanRunner(settings, json);
        this.proofs = new ProofChecker(runner, json);
        this.sessions = new SessionManager(pool, runner, json, settings.sessions(), settings.maxSourceBytes());
        this.warm = new WarmRepls(this::warmPool, runner, json, settings.warm(), settings.pool().acquireTimeout());
        if (!settings.warm().headers().isEmpty()) {
            Thread prewarm = new Thread(() -> warm.prewarm(Runnable::run), "lean-sandbox-prewarm");
            prewarm.setDaemon(true);
            prewarm.start();
        }
        log.info("engine {} started: {}", id, backend.describe());
    }

    /** Starts an engine; fails with a {@link SandboxUnavailableException} naming the cause when no sandbox can be made. */
    public static LeanSandbox start(Settings settings) {
        return start(settings, Function.identity());
    }

    /** Starts an engine whose backend is wrapped by {@code decorate} (tests wrap the real one to observe it). */
    public static LeanSandbox start(Settings settings, Function<SandboxBackend, SandboxBackend> decorate) {
        return new LeanSandbox(settings, engine -> decorate.apply(switch (settings.backend()) {
            case DOCKER -> new DockerBackend(settings, engine.id, engine.json);
            case LOCAL -> new LocalBackend(settings, engine.json);
        }));
    }

    /**
     * Runs Lean source: a program with {@code main} with {@code lean --run} in a clean sandbox;
     * anything else is checked by the REPL, on a warm REPL when it starts with an import header.
     */
    public RunResult run(String source) {
        return run(LeanSource.of(source, settings.maxSourceBytes()));
    }

    /** Runs Lean source given as bytes, which must be UTF-8. */
    public RunResult run(byte[] utf8) {
        return run(LeanSource.fromUtf8(utf8, settings.maxSourceBytes()));
    }

    /** Runs a source that passed the input checks; see {@link #run(String)}. */
    public RunResult run(LeanSource source) {
        if (source.definesMain()) {
            enforceImportPolicy(source);
            return onCleanSandbox(sandbox -> runner.run(sandbox, source), failed -> failed, RunMode.RUN);
        }
        return check(source, FollowUp.RESULT, step -> step.result());
    }

    /**
     * Checks {@code source} with the REPL (on a warm REPL when it has an import header, else on a
     * fresh REPL in a clean sandbox) and runs {@code followUp} on the same REPL before the sandbox
     * goes back. {@code onFailure} turns a sandbox failure into the caller's type.
     */
    public <T> T check(LeanSource source, FollowUp<T> followUp, Function<ReplStep, T> onFailure) {
        enforceImportPolicy(source);
        Optional<T> warmed = warm.check(source, followUp);
        if (warmed.isPresent()) {
            return warmed.get();
        }
        return onCleanSandbox(sandbox -> runner.check(sandbox, source, followUp),
                failed -> onFailure.apply(new ReplStep(failed, null)), RunMode.CHECK);
    }

    private void enforceImportPolicy(LeanSource source) {
        settings.importPolicy().violation(source.header()).ifPresent(why -> {
            throw new InvalidSourceException(why);
        });
    }

    private interface SandboxWork<T> {
        T apply(Sandbox sandbox) throws AgentException;
    }

    /** Runs {@code work} on a sandbox of the pool, which is reset after; a sandbox failure goes to {@code onFailure}. */
    private <T> T onCleanSandbox(SandboxWork<T> work, Function<RunResult, T> onFailure, RunMode mode) {
        long start = System.nanoTime();
        Sandbox sandbox = pool.acquire();
        try {
            return work.apply(sandbox);
        } catch (AgentException e) {
            log.warn("{} failed during a run: {}", sandbox, e.getMessage());
            return onFailure.apply(RunResult.infrastructureError(mode, "the sandbox failed: " + e.getMessage(),
                    Duration.ofNanos(System.nanoTime() - start)));
        } finally {
            pool.release(sandbox);
        }
    }

    /**
     * Grades a proof: checks {@code code}, then reads the axioms each of its theorems depends on and
     * holds them against {@code allowedAxioms} (see {@link ProofReport#STANDARD_AXIOMS}).
     */
    public ProofReport checkProof(String code, List<String> allowedAxioms) {
        return checkProof(LeanSource.of(code, settings.maxSourceBytes()), allowedAxioms);
    }

    /** Grades a source that passed the input checks; see {@link #checkProof(String, List)}. */
    public ProofReport checkProof(LeanSource source, List<String> allowedAxioms) {
        return check(source, proofs.followUp(source, allowedAxioms), failed -> proofs.failed(failed, allowedAxioms));
    }

    /** Opens a REPL in a sandbox of its own, for raw REPL commands; close it to give the sandbox back. */
    public ReplConversation openRepl() {
        Sandbox sandbox = pool.acquire();
        try {
            return new ReplConversation(sandbox, pool::release, runner);
        } catch (AgentException e) {
            pool.release(sandbox);
            throw new LeanSandboxException("cannot start the REPL: " + e.getMessage(), e);
        }
    }

    /** Stateful sessions: definitions carry over from one call to the next. */
    public SessionManager sessions() {
        return sessions;
    }

    /** Pool, warm REPLs, sessions, and the toolchain's version (read once from a sandbox, then remembered). */
    public EngineStatus status() {
        return new EngineStatus(backend.describe(), leanVersion(), pool.stats(), warm.stats(), sessions.list());
    }

    private String leanVersion() {
        String known = leanVersion;
        if (known != null) {
            return known;
        }
        Sandbox sandbox = pool.acquire();
        try {
            AgentOutcome outcome = sandbox.leanVersion();
            if (outcome.ending() == AgentOutcome.Ending.EXITED && Integer.valueOf(0).equals(outcome.exitCode())) {
                leanVersion = outcome.output().strip();
                return leanVersion;
            }
            return "unknown: lean --version ended with " + outcome.ending() + " " + outcome.stderr().strip();
        } catch (AgentException e) {
            return "unknown: " + e.getMessage();
        } finally {
            pool.release(sandbox);
        }
    }

    public PoolStats poolStats() {
        return pool.stats();
    }

    public WarmStats warmStats() {
        return warm.stats();
    }

    /** The pool of warm REPLs' sandboxes, made on first use: it has its own memory limit. */
    private SandboxPool warmPool() {
        SandboxPool p = warmPool;
        if (p == null) {
            synchronized (this) {
                if (warmPool == null) {
                    WarmSettings w = settings.warm();
                    PoolSettings main = settings.pool();
                    warmPool = new SandboxPool(backend, new PoolSettings(true, Math.min(w.perHeader(), w.maxRepls()),
                            main.maxAge(), main.maxConcurrentCreations(), w.maxRepls(), main.acquireTimeout()),
                            settings.warmLimits());
                }
                p = warmPool;
            }
        }
        return p;
    }

    public Settings settings() {
        return settings;
    }

    /** This engine's id, which labels every container it makes. */
    public String id() {
        return id;
    }

    /** Removes every sandbox; in-flight runs end with an infrastructure error. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook running
        }
        // The hook may run while the constructor is still at work: close what exists.
        if (sessions != null) {
            sessions.close();
        }
        if (warm != null) {
            warm.close();
        }
        if (pool != null) {
            pool.close();
        }
        synchronized (this) {
            if (warmPool != null) {
                warmPool.close();
            }
        }
        backend.close();
        log.info("engine {} closed", id);
    }
}
