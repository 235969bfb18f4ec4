package io.leansandbox.engine.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leansandbox.engine.RunOptions;
import io.leansandbox.engine.lean.LeanRunner;
import io.leansandbox.engine.lean.ReplStep;
import io.leansandbox.engine.lean.SourceOffset;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.sandbox.AgentException;
import io.leansandbox.engine.sandbox.Sandbox;
import io.leansandbox.engine.sandbox.SandboxPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Tries several tactics on one proof state at once (what {@link SessionManager#tactics} does, with
 * the session's lock held).
 *
 * <p>The session's REPL pickles the proof state ({@code {"pickleTo": FILE, "proofState": N}}); the
 * engine reads the file's bytes through the session sandbox's agent, because files do not cross
 * sandboxes, and writes them into sandboxes of the pool that are free right now, each of whose REPLs
 * unpickles them ({@code {"unpickleProofStateFrom": FILE}}, transcripts pickle_proof_state_*): a copy
 * of the proof state, with the environment it lives in, re-imported from the pickle's imports. The
 * tactics wait in one queue; the session's REPL takes from it at once, each copy as soon as it is
 * ready, so no tactic waits for a copy that is slow to come, and a copy that cannot be made costs
 * nothing but its try. A copy's proof states stay in its sandbox, which is reset afterwards; the
 * session keeps every proof state it had, and those its own REPL handed out.
 *
 * <p>Nothing comes back from a copy but answers: a pickle is trusted input to the REPL that
 * unpickles it (the REPL replays its constants unchecked), so a pickle written where the tactics ran
 * is never unpickled into the session. Whatever fails on the way (the pickle, reading it, a copy)
 * leaves the tactics to the session's REPL, one after another, as {@code apply-tactic} would.
 */
final class ParallelTactics {

    /** Copies of the proof state beyond the session's own REPL, at most. */
    static final int MAX_COPIES = 7;
    /** The largest pickle carried from one sandbox to another. */
    static final int MAX_PICKLE_BYTES = 64 << 20;

    private static final Logger log = LoggerFactory.getLogger(ParallelTactics.class);

    /** The session's REPL, as {@link SessionManager} runs commands on it. */
    interface SessionStep {
        /** Runs a command: accepted (or, {@code aside}, accepted without becoming the latest environment), or the session restored. */
        SessionReply apply(ObjectNode command, boolean aside) throws AgentException;

        /** Restores the session after its sandbox failed; the notice saying how. */
        String restoreAfter(String cause);
    }

    private final SandboxPool pool;
    private final LeanRunner runner;
    private final ObjectMapper json;
    private final ExecutorService copies;

    ParallelTactics(SandboxPool pool, LeanRunner runner, ObjectMapper json, ExecutorService copies) {
        this.pool = pool;
        this.runner = runner;
        this.json = json;
        this.copies = copies;
    }

    /** One call's shared state: the queue of tactic indexes, the answers, the copies still at work. */
    private static final class Work {
        final List<String> tactics;
        final ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
        final AtomicReferenceArray<TacticAttempt> done;
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger copiesAtWork = new AtomicInteger();
        final AtomicInteger copiesMade = new AtomicInteger();
        volatile boolean over;

        Work(List<String> tactics) {
            this.tactics = tactics;
            this.done = new AtomicReferenceArray<>(tactics.size());
            for (int i = 0; i < tactics.size(); i++) {
                queue.add(i);
            }
        }

        synchronized void record(TacticAttempt attempt) {
            if (done.compareAndSet(attempt.index(), null, attempt)) {
                answered.incrementAndGet();
                notifyAll();
            }
        }

        /** Waits a little for a copy to answer, unless there is work the caller could take. */
        synchronized void awaitChange(boolean mayTake) throws InterruptedException {
            if ((!mayTake || queue.isEmpty()) && answered.get() < tactics.size()) {
                wait(20);
            }
        }
    }

    TacticAttempts run(Session session, int proofState, List<String> tactics, RunOptions options, SessionStep onSession)
            throws AgentException {
        long start = System.nanoTime();
        Work work = new Work(tactics);
        String notice = null;
        if (tactics.size() > 1) {
            Optional<byte[]> pickle = pickle(session, proofState, onSession);
            if (pickle.isPresent()) {
                int wanted = Math.min(MAX_COPIES, tactics.size() - 1);
                for (int i = 0; i < wanted; i++) {
                    work.copiesAtWork.incrementAndGet();
                    try {
                        copies.execute(() -> copy(session.id, pickle.get(), work, options));
                    } catch (RuntimeException e) {
                        work.copiesAtWork.decrementAndGet();
                    }
                }
            }
        }
        boolean sessionUsable = true;
        try {
            while (work.answered.get() < tactics.size()) {
                Integer index = sessionUsable ? work.queue.poll() : null;
                if (index != null) {
                    long t0 = System.nanoTime();
                    SessionReply reply;
                    try {
                        reply = onSession.apply(tacticCommand(tactics.get(index), proofState), false);
                    } catch (AgentException e) {
                        String restored = onSession.restoreAfter("the sandbox failed");
                        reply = new SessionReply(session.id, RunResult.sandboxFailed(RunMode.CHECK, e, since(t0)), null, restored);
                    }
                    work.record(new TacticAttempt(index, tactics.get(index), true, reply, since(t0)));
                    if (reply.notice() != null) {
                        notice = reply.notice();
                        // A reset or closed session no longer has the proof state: the copies go on without it.
                        sessionUsable = !session.closed && !session.accepted.isEmpty();
                    }
                    continue;
                }
                if (!sessionUsable && work.copiesAtWork.get() == 0) {
                    for (Integer left; (left = work.queue.poll()) != null; ) {
                        work.record(new TacticAttempt(left, tactics.get(left), true, notRun(session.id, notice), Duration.ZERO));
                    }
                }
                options.cancellation().throwIfCancelled();
                try {
                    work.awaitChange(sessionUsable);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AgentException(AgentException.Kind.NO_ANSWER, "interrupted while tactics were being tried");
                }
            }
        } finally {
            work.over = true;
        }
        List<TacticAttempt> attempts = new ArrayList<>();
        for (int i = 0; i < tactics.size(); i++) {
            attempts.add(work.done.get(i));
        }
        return new TacticAttempts(session.id, proofState, attempts, 1 + work.copiesMade.get(), since(start), notice);
    }

    /** The proof state's pickle, from the session's REPL through its sandbox's agent; empty when that fails. */
    private Optional<byte[]> pickle(Session session, int proofState, SessionStep onSession) throws AgentException {
        String file = session.sandbox.scratch() + "/lean-sandbox-proof-state-" + UUID.randomUUID() + ".olean";
        ObjectNode command = json.createObjectNode().put("pickleTo", file).put("proofState", proofState);
        SessionReply reply = onSession.apply(command, true);
        if (reply.answer() == null || reply.answer().protocolError() != null || reply.notice() != null) {
            log.info("session {}: proof state {} was not pickled ({}); its tactics run one after another", session.id, proofState,
                    reply.answer() == null ? reply.result().stderr() : reply.answer().protocolError());
            return Optional.empty();
        }
        try {
            Optional<byte[]> bytes = session.sandbox.readFile(file, MAX_PICKLE_BYTES);
            if (bytes.isEmpty()) {
                log.warn("session {}: the REPL answered the pickling of proof state {} but wrote no {}", session.id, proofState, file);
            }
            return bytes;
        } catch (AgentException e) {
            log.warn("session {}: cannot read the pickle of proof state {}: {}", session.id, proofState, e.getMessage());
            return Optional.empty();
        }
    }

    /** One copy of the proof state in a free sandbox of the pool, trying tactics from the queue until it is empty. */
    private void copy(String sessionId, byte[] pickle, Work work, RunOptions options) {
        Sandbox sandbox = null;
        Sandbox.Serving serving = null;
        Integer current = null;
        try {
            if (work.over || work.queue.isEmpty()) {
                return;
            }
            Optional<Sandbox> free = pool.tryAcquire();
            if (free.isEmpty()) {
                return;
            }
            sandbox = free.get();
            if (work.over || work.queue.isEmpty()) {
                return;
            }
            serving = sandbox.serve(options); // the call's time limit and cancellation reach the copy too
            String file = sandbox.scratch() + "/lean-sandbox-proof-state.olean";
            sandbox.writeFile(file, pickle);
            sandbox.startRepl();
            ReplStep copied = runner.send(sandbox, json.createObjectNode().put("unpickleProofStateFrom", file), SourceOffset.NONE);
            if (!copied.answered() || copied.refused() || copied.answer().proofState() == null) {
                log.warn("session {}: a copy of the proof state could not be made in {}: {}", sessionId, sandbox,
                        copied.answered() ? copied.answer().protocolError() : copied.result().stderr());
                return;
            }
            work.copiesMade.incrementAndGet();
            int copy = copied.answer().proofState();
            while (!work.over && (current = work.queue.poll()) != null) {
                String tactic = work.tactics.get(current);
                long t0 = System.nanoTime();
                ReplStep step = runner.send(sandbox, tacticCommand(tactic, copy), SourceOffset.NONE);
                work.record(new TacticAttempt(current, tactic, false, new SessionReply(sessionId, step.result(), step.answer(), null),
                        since(t0)));
                current = null;
                if (!step.answered()) {
                    return; // its REPL is gone (the tactic's time or memory ran out): the others take the rest
                }
            }
        } catch (AgentException | RuntimeException e) {
            log.warn("session {}: a copy of the proof state failed in {}: {}", sessionId, sandbox, e.getMessage());
        } finally {
            if (current != null) {
                work.queue.add(current); // not the tactic's fault: another REPL tries it
            }
            if (serving != null) {
                serving.close();
            }
            if (sandbox != null) {
                pool.release(sandbox);
            }
            work.copiesAtWork.decrementAndGet();
            synchronized (work) {
                work.notifyAll();
            }
        }
    }

    private ObjectNode tacticCommand(String tactic, int proofState) {
        return json.createObjectNode().put("tactic", tactic).put("proofState", proofState);
    }

    private static SessionReply notRun(String sessionId, String notice) {
        RunResult result = RunResult.infrastructureError(RunMode.CHECK,
                "not tried: the session lost its proof states (" + notice + ") and no copy of the proof state was left", Duration.ZERO);
        return new SessionReply(sessionId, result, null, null);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static void shutdown(ExecutorService copies) {
        copies.shutdownNow();
        try {
            copies.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
