package io.leansandbox.engine.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leansandbox.engine.CancelledException;
import io.leansandbox.engine.InvalidSourceException;
import io.leansandbox.engine.Cancellation;
import io.leansandbox.engine.RunOptions;
import io.leansandbox.engine.RunPhase;
import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.lean.GoalsAtReply;
import io.leansandbox.engine.lean.InfoTree;
import io.leansandbox.engine.lean.LeanRunner;
import io.leansandbox.engine.lean.LeanSource;
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
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Stateful sessions: each owns a sandbox with a REPL in it, and every command continues from the
 * environment of the session's last one, so definitions carry over.
 *
 * <p>Every session belongs to an owner (an opaque key, e.g. a client's MCP session; null for callers
 * that need no separation). Each owner sees, uses and closes only its own sessions, and ids are
 * scoped by owner: two owners may each have a session "main". The methods without an owner act for
 * the null owner.
 *
 * <p>A command can be cancelled ({@link RunOptions#cancellation()}): its REPL is killed, and the
 * command ends with a {@link CancelledException}. The session stays usable at once: its next command
 * first restores it (as after a timeout) and carries the restore's notice.
 *
 * <p>When the REPL has to be restarted (a timeout, memory, output limit or crash killed it), the
 * session's accepted commands are replayed into a fresh REPL, and each replayed answer must hand
 * out the same environment and proof state ids as the first time; then the caller is told the
 * session was restored. If the replay fails, the session is reset to empty and the caller is told
 * exactly that. Definitions are never dropped silently.
 */
public final class SessionManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionManager.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

    private final SandboxPool pool;
    private final LeanRunner runner;
    private final ObjectMapper json;
    private final SessionSettings settings;
    private final int maxSourceBytes;
    private final Map<Key, Session> sessions = new ConcurrentHashMap<>();
    /** Ids being opened: they count against the limit while their sandbox is acquired. */
    private final Set<Key> opening = new HashSet<>();

    /** A session's id within its owner's sessions. */
    private record Key(String owner, String id) {
    }
    private final ScheduledExecutorService expiry;
    /** Threads of the copies of proof states that {@link #tactics} tries tactics on. */
    private final ExecutorService copies = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lean-sandbox-proof-state-copy");
        t.setDaemon(true);
        return t;
    });
    private final ParallelTactics parallel;

    public SessionManager(SandboxPool pool, LeanRunner runner, ObjectMapper json, SessionSettings settings, int maxSourceBytes) {
        this.pool = pool;
        this.runner = runner;
        this.json = json;
        this.settings = settings;
        this.maxSourceBytes = maxSourceBytes;
        this.parallel = new ParallelTactics(pool, runner, json, copies);
        this.expiry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lean-sandbox-session-expiry");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, Math.min(30_000, settings.idleTimeout().toMillis() / 4));
        expiry.scheduleWithFixedDelay(this::closeIdle, every, every, TimeUnit.MILLISECONDS);
    }

    /** Opens a session with the given id, or a generated one when {@code id} is null. */
    public SessionInfo open(String id) {
        return open(null, id, RunOptions.DEFAULT);
    }

    /**
     * Opens a session of {@code owner} with the given id (an id its other open sessions do not use),
     * or a generated one when {@code id} is null.
     */
    public SessionInfo open(String owner, String id, RunOptions options) {
        String sessionId = id == null ? UUID.randomUUID().toString() : checkId(id);
        Key key = new Key(owner, sessionId);
        synchronized (opening) {
            if (sessions.containsKey(key) || opening.contains(key)) {
                throw new IllegalArgumentException("a session '" + sessionId + "' is already open");
            }
            if (sessions.size() + opening.size() >= settings.maxSessions()) {
                throw new SessionLimitException(sessions.size() + " sessions are open, the limit (max_sessions = "
                        + settings.maxSessions() + "); close one, or wait for idle ones to expire after "
                        + settings.idleTimeout().toSeconds() + " s");
            }
            opening.add(key);
        }
        // The id is reserved: the sandbox is acquired outside the lock, as that may queue.
        try {
            options.enter(RunPhase.QUEUED);
            Session session = new Session(sessionId, owner, pool.acquire(options.cancellation()));
            try (Sandbox.Serving serving = session.sandbox.serve(options)) {
                options.enter(RunPhase.STARTING);
                session.sandbox.startRepl();
            } catch (AgentException | RuntimeException e) {
                pool.release(session.sandbox);
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                throw new SandboxUnavailableException("cannot start the session's REPL: " + e.getMessage(), e);
            }
            sessions.put(key, session);
            return session.info();
        } finally {
            synchronized (opening) {
                opening.remove(key);
            }
        }
    }

    /** Whether a session with this id is open. */
    public boolean isOpen(String id) {
        return isOpen(null, id);
    }

    /** Whether {@code owner} has an open session with this id. */
    public boolean isOpen(String owner, String id) {
        return sessions.containsKey(new Key(owner, id));
    }

    /** Runs {@code code} in the session, continuing from {@code env}. */
    public SessionReply run(String id, String code, EnvChoice env) {
        return run(null, id, code, env, RunOptions.DEFAULT);
    }

    /** Runs {@code code} in {@code owner}'s session, continuing from {@code env}, with the call's own {@code options}. */
    public SessionReply run(String owner, String id, String code, EnvChoice env, RunOptions options) {
        LeanSource source = LeanSource.of(code, maxSourceBytes);
        ObjectNode command = json.createObjectNode().put("cmd", source.text());
        return withSession(owner, id, options, session -> {
            Integer from = env.resolve(session.latestEnv);
            if (from != null) {
                command.put("env", from);
            }
            return execute(session, command);
        });
    }

    /** Applies {@code tactic} to a proof state of this session (from a {@code sorry} or an earlier tactic). */
    public SessionReply tactic(String id, int proofState, String tactic) {
        return tactic(null, id, proofState, tactic, RunOptions.DEFAULT);
    }

    /** {@link #tactic(String, int, String)} in {@code owner}'s session, with the call's own {@code options}. */
    public SessionReply tactic(String owner, String id, int proofState, String tactic, RunOptions options) {
        if (tactic == null || tactic.isBlank()) {
            throw new InvalidSourceException("the tactic is empty");
        }
        ObjectNode command = json.createObjectNode().put("tactic", LeanSource.of(tactic, maxSourceBytes).text()).put("proofState", proofState);
        return withSession(owner, id, options, session -> execute(session, command));
    }

    /** Tactics that one {@link #tactics} call tries at most. */
    public static final int MAX_TACTICS = 16;

    /**
     * Tries each of {@code tactics} on the same proof state of this session, at once: on the
     * session's REPL and on copies of the proof state in other sandboxes of the pool (as many as are
     * free, at most {@value ParallelTactics#MAX_COPIES}); see {@link ParallelTactics}. The proof state
     * stays valid, and every answer comes back, in the order given.
     */
    public TacticAttempts tactics(String id, int proofState, List<String> tactics) {
        return tactics(null, id, proofState, tactics, RunOptions.DEFAULT);
    }

    /** {@link #tactics(String, int, List)} in {@code owner}'s session, with the call's own {@code options}. */
    public TacticAttempts tactics(String owner, String id, int proofState, List<String> tactics, RunOptions options) {
        if (tactics == null || tactics.isEmpty() || tactics.size() > MAX_TACTICS) {
            throw new InvalidSourceException("give 1 to " + MAX_TACTICS + " tactics, got " + (tactics == null ? 0 : tactics.size()));
        }
        List<String> checked = tactics.stream().map(t -> {
            if (t == null || t.isBlank()) {
                throw new InvalidSourceException("a tactic is empty");
            }
            return LeanSource.of(t, maxSourceBytes).text();
        }).toList();
        long start = System.nanoTime();
        TacticAttempts[] tried = new TacticAttempts[1];
        SessionReply reply = withSession(owner, id, options, session -> {
            tried[0] = parallel.run(session, proofState, checked, options, new ParallelTactics.SessionStep() {
                @Override
                public SessionReply apply(ObjectNode command, boolean aside) throws AgentException {
                    return execute(session, command, aside);
                }

                @Override
                public String restoreAfter(String cause) {
                    return restore(session, cause);
                }
            });
            return new SessionReply(session.id, RunResult.infrastructureError(RunMode.CHECK, "", Duration.ZERO), null, null);
        });
        if (tried[0] == null) {
            // The sandbox failed before any tactic was tried: each of them gets that failure.
            List<TacticAttempt> failed = new java.util.ArrayList<>();
            for (int i = 0; i < checked.size(); i++) {
                failed.add(new TacticAttempt(i, checked.get(i), true, reply, Duration.ZERO));
            }
            return new TacticAttempts(reply.sessionId(), proofState, failed, 1, Duration.ofNanos(System.nanoTime() - start),
                    reply.notice());
        }
        TacticAttempts t = tried[0];
        String notice = reply.notice() == null ? t.notice() : t.notice() == null ? reply.notice() : reply.notice() + "; then " + t.notice();
        return new TacticAttempts(t.sessionId(), t.proofState(), t.attempts(), t.repls(), t.elapsed(), notice);
    }

    /**
     * Runs {@code code} in this session (from its latest environment, which stays the latest) with
     * the REPL's info trees, and returns the goals at {@code line} (and {@code column}, when not
     * null) of it; see {@link io.leansandbox.engine.lean.GoalsAt}.
     */
    public GoalsAtReply goalsAt(String owner, String id, String code, int line, Integer column, RunOptions options) {
        return goalsAt(owner, id, code, line, column, InfoTree.ORIGINAL, options);
    }

    /**
     * {@link #goalsAt(String, String, String, int, Integer, RunOptions)} with another of the REPL's
     * {@code infotree} options ({@code "full"}, {@code "substantive"}): for tests that replay recorded answers.
     */
    public GoalsAtReply goalsAt(String owner, String id, String code, int line, Integer column, String infotree, RunOptions options) {
        LeanSource source = LeanSource.of(code, maxSourceBytes);
        SessionReply reply = withSession(owner, id, options, session -> execute(session,
                GoalsAtReply.command(json, source.text(), session.latestEnv, infotree), true));
        return GoalsAtReply.of(reply.sessionId(), source.text(), reply.result(), reply.answer(), reply.notice(), line, column);
    }

    /** Calls waiting for the session now, and whether one is being served (for tests of arrival order). */
    int waitingCalls(String id) {
        Session session = sessions.get(new Key(null, id));
        return session == null ? 0 : session.lock.getQueueLength();
    }

    boolean serving(String id) {
        Session session = sessions.get(new Key(null, id));
        return session != null && session.lock.isLocked();
    }

    /** Every open session, whoever owns it, oldest first. */
    public List<SessionInfo> list() {
        return sessions.values().stream().map(Session::info)
                .sorted(Comparator.comparing(SessionInfo::createdAt)).toList();
    }

    /** {@code owner}'s open sessions, oldest first. */
    public List<SessionInfo> list(String owner) {
        return sessions.values().stream().filter(s -> Objects.equals(s.owner, owner)).map(Session::info)
                .sorted(Comparator.comparing(SessionInfo::createdAt)).toList();
    }

    /** Closes a session; its sandbox is reset before anything else uses it. */
    public void close(String id) {
        close(null, id);
    }

    /** Closes {@code owner}'s session {@code id}; its sandbox is reset before anything else uses it. */
    public void close(String owner, String id) {
        Session session = sessions.remove(new Key(owner, id));
        if (session == null) {
            throw new UnknownSessionException(id);
        }
        session.lock.lock();
        try {
            retire(session);
        } finally {
            session.lock.unlock();
        }
    }

    @Override
    public void close() {
        expiry.shutdownNow();
        ParallelTactics.shutdown(copies);
        for (Key key : List.copyOf(sessions.keySet())) {
            try {
                close(key.owner(), key.id());
            } catch (UnknownSessionException e) {
                // closed meanwhile
            }
        }
    }

    private interface Call {
        SessionReply apply(Session session) throws AgentException;
    }

    private SessionReply withSession(String owner, String id, RunOptions options, Call call) {
        Session session = sessions.get(new Key(owner, id));
        if (session == null) {
            throw new UnknownSessionException(id);
        }
        lock(session, options);
        try {
            if (session.closed) {
                throw new UnknownSessionException(id);
            }
            session.lastUsed = Instant.now();
            serve(session, options);
            try {
                // A cancelled command left no REPL: this command restores the session first, and says so.
                String restored = null;
                if (session.restoreBecause != null) {
                    String cause = session.restoreBecause;
                    restored = restore(session, cause);
                    session.restoreBecause = null;
                    if (session.owedNotice != null && !session.closed) {
                        restored = session.owedNotice; // a reset whose call was cancelled before it could say so
                    }
                    session.owedNotice = null;
                    if (session.closed) {
                        throw new UnknownSessionException(id + " (" + restored + ")");
                    }
                }
                SessionReply reply = call.apply(session);
                return restored == null ? reply
                        : new SessionReply(reply.sessionId(), reply.result(), reply.answer(),
                        reply.notice() == null ? restored : restored + "; then " + reply.notice());
            } catch (AgentException e) {
                // The sandbox itself failed: the REPL is gone with it.
                RunResult failed = RunResult.sandboxFailed(RunMode.CHECK, e, Duration.ZERO);
                return new SessionReply(id, failed, null, restore(session, "the sandbox failed"));
            } catch (CancelledException e) {
                // The REPL was killed mid-command: the next command restores the session. (A call
                // cancelled before it sent anything left the REPL as it was.)
                if (session.restoreBecause == null && (session.sandbox == null || session.sandbox.interruptedARequest())) {
                    session.restoreBecause = "the previous command was cancelled";
                }
                throw e;
            } finally {
                unserve(session);
                session.lastUsed = Instant.now();
            }
        } finally {
            session.lock.unlock();
        }
    }

    /**
     * Takes the session's lock in arrival order; a caller cancelled while it waits leaves the queue.
     * A waiter stays in the fair lock's queue until served: untimed {@code tryLock()} would barge
     * ahead of it, and a timed one that runs out puts the caller back at the end.
     */
    private static void lock(Session session, RunOptions options) {
        try {
            if (!session.lock.tryLock(0, TimeUnit.NANOSECONDS)) {
                options.enter(RunPhase.QUEUED);
                Thread waiter = Thread.currentThread();
                try (Cancellation.Registration r = options.cancellation().onCancel(waiter::interrupt)) {
                    session.lock.lockInterruptibly();
                }
            }
        } catch (InterruptedException e) {
            options.cancellation().throwIfCancelled(); // the cancellation's interrupt
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted while waiting for the session");
        }
        if (options.cancellation().isCancelled()) {
            Thread.interrupted(); // an interrupt the cancellation may have sent just as the lock came free
            session.lock.unlock();
            options.cancellation().throwIfCancelled();
        }
    }

    /** The session's sandbox serves this call (its timeout, cancellation and progress) until {@link #unserve}. */
    private static void serve(Session session, RunOptions options) {
        session.options = options;
        session.serving = session.sandbox == null ? null : session.sandbox.serve(options);
    }

    private static void unserve(Session session) {
        if (session.serving != null) {
            session.serving.close();
            session.serving = null;
        }
        session.options = RunOptions.DEFAULT;
    }

    /** Gives a broken sandbox back and takes another, which then serves the same call. */
    private void replaceSandbox(Session session) {
        RunOptions options = session.options;
        boolean serving = session.serving != null;
        unserve(session);
        if (session.sandbox != null) {
            pool.release(session.sandbox);
            session.sandbox = null; // until another is had: never released twice
        }
        session.sandbox = pool.acquire(options.cancellation());
        if (serving) {
            serve(session, options);
        }
    }

    private static boolean needsSandbox(Session session) {
        return session.sandbox == null || session.sandbox.isBroken();
    }

    private SessionReply execute(Session session, ObjectNode command) throws AgentException {
        return execute(session, command, false);
    }

    /** Sends {@code command}; an {@code aside} one is replayed after a restart but does not become the latest environment. */
    private SessionReply execute(Session session, ObjectNode command, boolean aside) throws AgentException {
        session.options.enter(RunPhase.ELABORATING);
        ReplStep step = runner.send(session.sandbox, command, SourceOffset.NONE);
        if (step.answered()) {
            if (!step.refused() && aside) {
                session.acceptAside(command, step.answer().env(), step.answer().proofState());
            } else if (!step.refused()) {
                session.accept(command, step.answer().env(), step.answer().proofState());
            }
            return new SessionReply(session.id, step.result(), step.answer(), null);
        }
        String why = step.result().status().name().toLowerCase().replace('_', ' ');
        return new SessionReply(session.id, step.result(), null, restore(session, "the " + why));
    }

    /**
     * Brings the session back after its REPL died: replay, or reset and say so. Replayed commands
     * get the configured timeout, whatever the call's own: they were accepted within it before.
     */
    private String restore(Session session, String cause) {
        RunOptions call = session.options;
        boolean shorter = session.serving != null && call.timeout() != null;
        if (shorter) {
            unserve(session);
            serve(session, call.withTimeout(null));
        }
        try {
            return replay(session, cause);
        } finally {
            if (shorter && !session.closed) {
                unserve(session);
                serve(session, call);
            }
        }
    }

    private String replay(Session session, String cause) {
        int commands = session.accepted.size();
        try {
            if (needsSandbox(session)) {
                replaceSandbox(session);
            }
            session.options.enter(RunPhase.STARTING);
            session.sandbox.startRepl();
            if (commands > 0) {
                session.options.enter(RunPhase.REPLAYING);
            }
            for (int i = 0; i < commands; i++) {
                Session.Accepted a = session.accepted.get(i);
                ReplStep again = runner.send(session.sandbox, a.command(), SourceOffset.NONE);
                String mismatch = !again.answered() ? "it did not answer (" + again.result().status() + ")"
                        : again.refused() ? "the REPL refused it: " + again.answer().protocolError()
                        : !Objects.equals(again.answer().env(), a.env()) || !Objects.equals(again.answer().proofState(), a.proofState())
                        ? "it handed out different ids than the first time" : null;
                if (mismatch != null) {
                    return reset(session, cause, "replaying its " + commands + " commands failed at command " + (i + 1) + ": " + mismatch);
                }
            }
            return "the REPL was restarted after " + cause + "; the session's " + commands
                    + " earlier commands were replayed, so its definitions and proof states are kept";
        } catch (CancelledException e) {
            if (session.restoreBecause == null) {
                session.restoreBecause = "the previous command was cancelled"; // its next command restores it
            }
            throw e;
        } catch (AgentException | RuntimeException e) {
            return reset(session, cause, "replaying its commands failed: " + e.getMessage());
        }
    }

    private String reset(Session session, String cause, String why) {
        session.forget();
        log.warn("session {} reset: {}", session.id, why);
        try {
            if (needsSandbox(session)) {
                replaceSandbox(session);
            }
            session.sandbox.startRepl();
        } catch (CancelledException e) {
            // The session is restored by its next command, which owes its caller this notice.
            session.owedNotice = "the session was reset: after " + cause + ", " + why
                    + "; its earlier definitions and proof states are gone, and it continues from an empty environment";
            session.restoreBecause = "the previous command was cancelled";
            throw e;
        } catch (AgentException | RuntimeException e) {
            sessions.remove(new Key(session.owner, session.id));
            retire(session);
            return "the session was closed: after " + cause + ", " + why + ", and no fresh REPL could be started ("
                    + e.getMessage() + ")";
        }
        return "the session was reset: after " + cause + ", " + why
                + "; its earlier definitions and proof states are gone, and it continues from an empty environment";
    }

    private void retire(Session session) {
        if (!session.closed) {
            session.closed = true;
            unserve(session);
            if (session.sandbox != null) {
                pool.release(session.sandbox);
            }
        }
    }

    private void closeIdle() {
        Instant cutoff = Instant.now().minus(settings.idleTimeout());
        for (Session session : sessions.values()) {
            if (session.lastUsed.isBefore(cutoff) && session.lock.tryLock()) {
                try {
                    if (session.lastUsed.isBefore(cutoff) && sessions.remove(new Key(session.owner, session.id), session)) {
                        log.info("session {} expired after {} s idle", session.id, settings.idleTimeout().toSeconds());
                        retire(session);
                    }
                } finally {
                    session.lock.unlock();
                }
            }
        }
    }

    private static String checkId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("bad session id '" + id + "': use 1 to 64 letters, digits, '_', '.', ':' or '-'");
        }
        return id;
    }
}
