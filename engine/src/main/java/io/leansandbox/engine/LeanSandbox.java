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
import io.leansandbox.engine.grading.AxiomPolicy;
import io.leansandbox.engine.grading.Challenge;
import io.leansandbox.engine.grading.FastGrader;
import io.leansandbox.engine.grading.GoldGrader;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.ReplChecks;
import io.leansandbox.engine.grading.Submission;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.VerdictPolicy;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.sandbox.AgentException;
import io.leansandbox.engine.sandbox.AgentOutcome;
import io.leansandbox.engine.sandbox.LazyPool;
import io.leansandbox.engine.sandbox.PoolStats;
import io.leansandbox.engine.sandbox.Sandbox;
import io.leansandbox.engine.sandbox.SandboxBackend;
import io.leansandbox.engine.sandbox.SandboxPool;
import io.leansandbox.engine.sandbox.docker.DockerBackend;
import io.leansandbox.engine.sandbox.fleet.FleetBackend;
import io.leansandbox.engine.sandbox.kubernetes.KubernetesBackend;
import io.leansandbox.engine.sandbox.local.LocalBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    private final FastGrader fastGrader;
    private final GoldGrader goldGrader;
    private final LazyPool warmPool;
    private final LazyPool goldPool;
    private volatile Boolean goldAvailable;
    private volatile String leanVersion;
    private final Thread shutdownHook;
    private volatile boolean closed;

    /** A backend and the settings its sandboxes run with (the configured ones, with the image's limits applied). */
    private record Started(SandboxBackend backend, Settings settings) {
    }

    private LeanSandbox(Function<LeanSandbox, Started> starter) {
        Started started = starter.apply(this);
        this.backend = started.backend();
        // From here on every part of the engine sees the effective limits, not the configured ones.
        this.settings = started.settings();
        // The hook goes in before the pool makes its first container: a JVM already shutting down
        // refuses it, and then nothing may be created that no hook would remove.
        this.shutdownHook = new Thread(this::close, "lean-sandbox-shutdown");
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            backend.close();
            throw new SandboxUnavailableException("the JVM is shutting down: no engine can start now", e);
        }
        // One daemon serves every pool: max_concurrent_creations bounds their creations together.
        java.util.concurrent.Semaphore creations = new java.util.concurrent.Semaphore(settings.pool().maxConcurrentCreations(), true);
        this.pool = new SandboxPool(backend, settings.pool(), settings.limits(), creations);
        this.runner = new LeanRunner(settings, json);
        this.fastGrader = new FastGrader(this::check, runner, json);
        this.goldGrader = new GoldGrader(this::runAlone, settings, json);
        this.sessions = new SessionManager(pool, runner, json, settings.sessions(), settings.maxSourceBytes());
        // Warm REPLs' sandboxes have their own memory limit; gold stages' sandboxes each serve once.
        WarmSettings w = settings.warm();
        PoolSettings main = settings.pool();
        this.warmPool = new LazyPool(() -> new SandboxPool(backend, new PoolSettings(true, Math.min(w.perHeader(), w.maxRepls()),
                main.maxAge(), main.maxConcurrentCreations(), w.maxRepls(), main.acquireTimeout()), settings.warmLimits(), creations));
        // REPLs of the empty header (code without imports) hold sandboxes of the main pool while idle,
        // and give them back when a caller of that pool finds no other.
        int plainRepls = main.pooling() ? main.size() : 0;
        this.goldPool = new LazyPool(() -> new SandboxPool(backend, new PoolSettings(true, settings.grading().goldPoolSize(),
                main.maxAge(), main.maxConcurrentCreations(), main.maxSandboxes(), main.acquireTimeout()), settings.limits(), creations));
        this.warm = new WarmRepls(warmPool::get, () -> pool, plainRepls, runner, json, settings.warm(), main.acquireTimeout());
        pool.lendIdleTo(warm.plainLender());
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
        return new LeanSandbox(engine -> switch (settings.backend()) {
            case DOCKER -> {
                if (!settings.hosts().isEmpty()) {
                    FleetBackend fleet = new FleetBackend(settings.hosts(), host -> new DockerBackend(settings, host, engine.id, engine.json),
                            System::currentTimeMillis);
                    yield new Started(decorate.apply(fleet), ((DockerBackend) fleet.first()).settings());
                }
                DockerBackend docker = new DockerBackend(settings, engine.id, engine.json);
                yield new Started(decorate.apply(docker), docker.settings());
            }
            case KUBERNETES -> new Started(decorate.apply(kubernetes(settings, engine)), settings);
            case LOCAL -> new Started(decorate.apply(new LocalBackend(settings, engine.json)), settings);
        });
    }

    /** The kubernetes backend, whose client library is optional: without it, an error saying what to add. */
    private static SandboxBackend kubernetes(Settings settings, LeanSandbox engine) {
        try {
            return new KubernetesBackend(settings, engine.id, engine.json);
        } catch (NoClassDefFoundError e) {
            throw new SandboxUnavailableException("the kubernetes backend needs the fabric8 kubernetes-client "
                    + "(io.fabric8:kubernetes-client) on the classpath: the MCP server's jar has it, the JUnit engine and the "
                    + "Maven plugin run on Docker only (missing: " + e.getMessage() + ")");
        }
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
        return run(source, RunOptions.DEFAULT);
    }

    /**
     * Runs {@code source} as {@link #run(String)} does, with the call's own {@code options}: a
     * shorter timeout, a cancellation (a cancelled run ends with a {@link CancelledException}), a
     * progress listener.
     */
    public RunResult run(String source, RunOptions options) {
        return run(LeanSource.of(source, settings.maxSourceBytes()), options);
    }

    /** Runs a source that passed the input checks with the call's own {@code options}; see {@link #run(String, RunOptions)}. */
    public RunResult run(LeanSource source, RunOptions options) {
        if (source.definesMain()) {
            enforceImportPolicy(source);
            return onCleanSandbox(sandbox -> runner.run(sandbox, source), failed -> failed, RunMode.RUN, options);
        }
        return check(source, FollowUp.RESULT, step -> step.result(), options);
    }

    /**
     * Checks {@code source} with the REPL (on a warm REPL when it has an import header, else on a
     * fresh REPL in a clean sandbox) and runs {@code followUp} on the same REPL before the sandbox
     * goes back. {@code onFailure} turns a sandbox failure into the caller's type.
     */
    public <T> T check(LeanSource source, FollowUp<T> followUp, Function<ReplStep, T> onFailure) {
        return check(source, followUp, onFailure, RunOptions.DEFAULT);
    }

    /** {@link #check(LeanSource, FollowUp, Function)} with the call's own {@code options}. */
    public <T> T check(LeanSource source, FollowUp<T> followUp, Function<ReplStep, T> onFailure, RunOptions options) {
        enforceImportPolicy(source);
        options.cancellation().throwIfCancelled();
        Optional<T> warmed = warm.check(source, followUp, options);
        if (warmed.isPresent()) {
            return warmed.get();
        }
        return onCleanSandbox(sandbox -> runner.check(sandbox, source, followUp),
                failed -> onFailure.apply(new ReplStep(failed, null)), RunMode.CHECK, options);
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
    private <T> T onCleanSandbox(SandboxWork<T> work, Function<RunResult, T> onFailure, RunMode mode, RunOptions options) {
        long start = System.nanoTime();
        options.enter(RunPhase.QUEUED);
        Sandbox sandbox = pool.acquire(options.cancellation());
        try (Sandbox.Serving serving = sandbox.serve(options)) {
            return work.apply(sandbox);
        } catch (AgentException e) {
            log.warn("{} failed during a run: {}", sandbox, e.getMessage());
            return onFailure.apply(RunResult.sandboxFailed(mode, e, Duration.ofNanos(System.nanoTime() - start)));
        } finally {
            pool.release(sandbox);
        }
    }

    /** Grades {@code submission} at {@code trust} with the configured axiom policy (setting {@code grading.allowed_axioms}). */
    public Grade grade(Submission submission, Trust trust) {
        return grade(submission, trust, settings.grading().axiomPolicy());
    }

    /**
     * Grades {@code submission}: at {@link Trust#OWN} or {@link Trust#FAST} on the REPL path; at
     * {@link Trust#GOLD} first at fast, then, if that is valid, with comparator against the
     * challenge made from the submission's statement. Without a statement there is no challenge:
     * the grade stays fast's and says so.
     */
    public Grade grade(Submission submission, Trust trust, AxiomPolicy axioms) {
        return grade(submission, trust, axioms, RunOptions.DEFAULT);
    }

    /**
     * {@link #grade(Submission, Trust, AxiomPolicy)} with the call's own {@code options}: the timeout
     * bounds each REPL command (gold stages keep {@code grading.gold_timeout}); a cancelled grade ends
     * with a {@link CancelledException}.
     */
    public Grade grade(Submission submission, Trust trust, AxiomPolicy axioms, RunOptions options) {
        VerdictPolicy policy = new VerdictPolicy(axioms);
        FastGrader fastGrader = options == RunOptions.DEFAULT ? this.fastGrader
                : new FastGrader(new ReplChecks() {
                    @Override
                    public <T> T check(LeanSource source, FollowUp<T> followUp, Function<ReplStep, T> onFailure) {
                        return LeanSandbox.this.check(source, followUp, onFailure, options);
                    }
                }, runner, json);
        if (trust != Trust.GOLD) {
            return fastGrader.grade(submission, trust, policy);
        }
        Grade fast = fastGrader.grade(submission, Trust.FAST, policy);
        if (submission.statement() == null) {
            return fast.decidedBy(Trust.FAST, fast.verdict(), fast.explanation()
                    + "; gold grading needs a formal statement to compare with, so this grade is fast's", fast.elapsed());
        }
        GoldGrader goldGrader = options == RunOptions.DEFAULT ? this.goldGrader
                : new GoldGrader((argv, files) -> runAlone(argv, files, options), settings, json);
        return goldGrader.grade(submission, Challenge.of(submission.statement()), axioms, fast);
    }

    /** Comparator's verdict alone on {@code submission} against {@code challenge} (no fast stage first). */
    public Grade gradeGold(Submission submission, Challenge challenge, AxiomPolicy axioms) {
        return goldGrader.judge(submission, challenge, axioms);
    }

    /**
     * Writes {@code files} into a sandbox that nothing ran in before, runs {@code argv} there (in the
     * gold stages' directory, with gold grading's limits) and removes the sandbox: a stage of gold
     * grading, or any step that must not share a sandbox with anything else.
     */
    public AgentOutcome runAlone(List<String> argv, Map<String, String> files) throws AgentException {
        return runAlone(argv, files, RunOptions.DEFAULT);
    }

    /** {@link #runAlone(List, Map)} for a call that may be cancelled ({@code options}' timeout does not apply). */
    public AgentOutcome runAlone(List<String> argv, Map<String, String> files, RunOptions options) throws AgentException {
        SandboxPool fresh = goldPool.get();
        options.enter(RunPhase.QUEUED);
        Sandbox sandbox = fresh.acquire(options.cancellation());
        try (Sandbox.Serving serving = sandbox.serve(options)) {
            options.enter(RunPhase.ELABORATING);
            return sandbox.exec(argv, files, GoldGrader.DIR, settings.grading().goldTimeout(), settings.grading().goldOutputLimit(),
                    settings.agentGrace());
        } finally {
            fresh.discard(sandbox);
        }
    }

    /** Whether the image has what gold grading needs (comparator and docker/gold's scripts); asked once. */
    public boolean goldAvailable() {
        Boolean known = goldAvailable;
        if (known != null) {
            return known;
        }
        Sandbox sandbox = pool.acquire();
        try {
            AgentOutcome outcome = sandbox.exec(List.of("sh", "-c", "command -v lean-sandbox-gold && command -v comparator"),
                    Map.of(), settings.workingDir(), Duration.ofSeconds(10), 65536, settings.agentGrace());
            goldAvailable = outcome.ending() == AgentOutcome.Ending.EXITED && Integer.valueOf(0).equals(outcome.exitCode());
            return goldAvailable;
        } catch (AgentException e) {
            throw new LeanSandboxException("cannot tell whether the image supports gold grading: " + e.getMessage(), e);
        } finally {
            pool.release(sandbox);
        }
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
        return new EngineStatus(backend.describe(), backend.hosts(), leanVersion(), pool.stats(), warm.stats(), sessions.list());
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

    /** The settings this engine runs with: the configured ones, with the limits the image states where the user set none. */
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
        if (warmPool != null) {
            warmPool.close();
        }
        if (goldPool != null) {
            goldPool.close();
        }
        backend.close();
        log.info("engine {} closed", id);
    }
}
