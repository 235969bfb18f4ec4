package io.leansandbox.mcp;

import io.leansandbox.engine.EngineStatus;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.LeanSandboxException;
import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.grading.AxiomPolicy;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Submission;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.sandbox.PoolStats;
import io.leansandbox.engine.session.SessionInfo;
import io.leansandbox.engine.session.SessionReply;
import io.leansandbox.engine.warm.WarmStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An engine started on a thread of its own, so the server can answer {@code initialize} at once;
 * runs (and every other engine call the tools make) wait for it. If it cannot start, every call fails
 * with the cause. While the start builds the image (minutes), calls do not wait: they fail at once
 * with the build's progress ({@link ImageBeingBuiltException}), and {@code status} shows it.
 */
final class BackgroundEngine implements LeanEngine, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundEngine.class);

    /** How often a call waiting for the start looks whether an image build has begun (then it stops waiting). */
    private static final long WAIT_SLICE_MILLIS = 200;

    private final CompletableFuture<LeanSandbox> engine = new CompletableFuture<>();
    private final Duration startWait;
    private final StartProgress progress;
    private final LeanEngine operations = LeanEngine.over(this::engine);

    private BackgroundEngine(Duration startWait, StartProgress progress) {
        this.startWait = startWait;
        this.progress = progress;
    }

    /** Starts an engine with {@code starter} in the background; runs wait at most {@code startWait} for it. */
    static BackgroundEngine start(Supplier<LeanSandbox> starter, Duration startWait) {
        return start(progress -> starter.get(), StartProgress.silent(), startWait, null, Duration.ZERO);
    }

    /**
     * Starts an engine with {@code starter} in the background, once {@code gate} completes (or
     * {@code gateWait} has passed; null: at once): {@code serve} lets the transport answer
     * {@code initialize} first, so that the engine's start does not compete with it for the CPU. The
     * starter reports an image build to {@code progress}; runs wait at most {@code startWait}, and not
     * at all while the image is being built.
     */
    static BackgroundEngine start(Function<StartProgress, LeanSandbox> starter, StartProgress progress, Duration startWait,
                                  CompletionStage<?> gate, Duration gateWait) {
        BackgroundEngine background = new BackgroundEngine(startWait, progress);
        Thread thread = new Thread(() -> {
            try {
                if (gate != null) {
                    awaitQuietly(gate, gateWait);
                }
                if (progress.cancelled()) {
                    throw new SandboxUnavailableException("the server is shutting down");
                }
                background.engine.complete(starter.apply(progress));
            } catch (RuntimeException | Error e) {
                if (progress.cancelled()) {
                    log.info("the Lean engine's start was stopped: {}", e.getMessage());
                } else {
                    log.error("the Lean engine could not start: {}", e.getMessage());
                }
                background.engine.completeExceptionally(e);
            }
        }, "lean-sandbox-engine-start");
        thread.setDaemon(true);
        thread.start();
        return background;
    }

    private static void awaitQuietly(CompletionStage<?> gate, Duration wait) {
        try {
            gate.toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // start anyway
        }
    }

    /** Calls {@code action} with the cause, on the starting thread, if the engine fails to start. */
    void whenStartFails(Consumer<Throwable> action) {
        engine.whenComplete((started, failure) -> {
            if (failure != null) {
                action.accept(failure);
            }
        });
    }

    @Override
    public RunResult run(String code) {
        return engine().run(code);
    }

    @Override
    public SessionInfo openSession(String id) {
        return operations.openSession(id);
    }

    @Override
    public boolean isSessionOpen(String id) {
        return operations.isSessionOpen(id);
    }

    @Override
    public SessionReply runInSession(String id, String code) {
        return operations.runInSession(id, code);
    }

    @Override
    public SessionReply applyTactic(String id, int proofState, String tactic) {
        return operations.applyTactic(id, proofState, tactic);
    }

    @Override
    public void closeSession(String id) {
        operations.closeSession(id);
    }

    @Override
    public List<SessionInfo> sessions() {
        return operations.sessions();
    }

    @Override
    public Grade grade(Submission submission, Trust trust, AxiomPolicy axioms) {
        return operations.grade(submission, trust, axioms);
    }

    @Override
    public int maxSourceBytes() {
        return operations.maxSourceBytes();
    }

    @Override
    public boolean goldAvailable() {
        return operations.goldAvailable();
    }

    @Override
    public EngineStatus status() {
        return operations.status();
    }

    @Override
    public LeanEngine forCall(CallContext call) {
        return operations.forCall(call);
    }

    /** The started engine, waiting for it if need be; while its image is being built, a failure that says so, at once. */
    LeanSandbox engine() {
        try {
            long deadline = System.nanoTime() + startWait.toNanos();
            while (true) {
                throwIfBuilding();
                long left = deadline - System.nanoTime();
                try {
                    return engine.get(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(WAIT_SLICE_MILLIS))), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (left <= 0) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LeanSandboxException cause) {
                throw cause;
            }
            throw new SandboxUnavailableException("the Lean engine could not start: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new SandboxUnavailableException("the Lean engine did not start within " + startWait.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted while waiting for the Lean engine to start");
        }
    }

    private void throwIfBuilding() {
        if (engine.isDone()) {
            return;
        }
        Optional<String> building = progress.building();
        if (building.isPresent()) {
            String image = progress.imageBeingBuilt().orElse("?");
            throw new ImageBeingBuiltException(building.get(), new EngineStatus("docker image " + image + " (being built)", List.of(),
                    "not known yet: " + building.get(), new PoolStats(0, 0, 0, 0, 0), new WarmStats(0, 0, 0, 0, 0, 0), List.of()));
        }
    }

    /**
     * Closes the engine, waiting for a start in progress so that its containers are removed too; an
     * image build in progress is cancelled first.
     */
    @Override
    public void close() {
        if (!engine.isDone()) {
            progress.cancel();
        }
        LeanSandbox started;
        try {
            started = engine.get(startWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return; // it never started: nothing to remove
        } catch (TimeoutException e) {
            log.warn("the Lean engine is still starting; its own shutdown hook will remove its containers");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        started.close();
    }
}
