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
import io.leansandbox.engine.session.SessionInfo;
import io.leansandbox.engine.session.SessionReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An engine started on a thread of its own, so the server can answer {@code initialize} at once;
 * runs (and every other engine call the tools make) wait for it. If it cannot start, every call fails
 * with the cause.
 */
final class BackgroundEngine implements LeanEngine, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundEngine.class);

    private final CompletableFuture<LeanSandbox> engine = new CompletableFuture<>();
    private final Duration startWait;
    private final LeanEngine operations = LeanEngine.over(this::engine);

    private BackgroundEngine(Duration startWait) {
        this.startWait = startWait;
    }

    /** Starts an engine with {@code starter} in the background; runs wait at most {@code startWait} for it. */
    static BackgroundEngine start(Supplier<LeanSandbox> starter, Duration startWait) {
        BackgroundEngine background = new BackgroundEngine(startWait);
        Thread thread = new Thread(() -> {
            try {
                background.engine.complete(starter.get());
            } catch (RuntimeException | Error e) {
                log.error("the Lean engine could not start: {}", e.getMessage());
                background.engine.completeExceptionally(e);
            }
        }, "lean-sandbox-engine-start");
        thread.setDaemon(true);
        thread.start();
        return background;
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

    /** The started engine, waiting for it if need be. */
    LeanSandbox engine() {
        try {
            return engine.get(startWait.toMillis(), TimeUnit.MILLISECONDS);
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

    /** Closes the engine, waiting for a start in progress so that its containers are removed too. */
    @Override
    public void close() {
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
