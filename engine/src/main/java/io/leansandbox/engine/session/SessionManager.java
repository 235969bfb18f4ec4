package io.leansandbox.engine.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leansandbox.engine.InvalidSourceException;
import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.lean.LeanRunner;
import io.leansandbox.engine.lean.LeanSource;
import io.leansandbox.engine.lean.ReplStep;
import io.leansandbox.engine.lean.SourceOffset;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.sandbox.AgentException;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Stateful sessions: each owns a sandbox with a REPL in it, and every command continues from the
 * environment of the session's last one, so definitions carry over.
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
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Ids being opened: they count against the limit while their sandbox is acquired. */
    private final Set<String> opening = new HashSet<>();
    private final ScheduledExecutorService expiry;

    public SessionManager(SandboxPool pool, LeanRunner runner, ObjectMapper json, SessionSettings settings, int maxSourceBytes) {
        this.pool = pool;
        this.runner = runner;
        this.json = json;
        this.settings = settings;
        this.maxSourceBytes = maxSourceBytes;
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
        String sessionId = id == null ? UUID.randomUUID().toString() : checkId(id);
        synchronized (opening) {
            if (sessions.containsKey(sessionId) || opening.contains(sessionId)) {
                throw new IllegalArgumentException("a session '" + sessionId + "' is already open");
            }
            if (sessions.size() + opening.size() >= settings.maxSessions()) {
                throw new SessionLimitException(sessions.size() + " sessions are open, the limit (max_sessions = "
                        + settings.maxSessions() + "); close one, or wait for idle ones to expire after "
                        + settings.idleTimeout().toSeconds() + " s");
            }
            opening.add(sessionId);
        }
        // The id is reserved: the sandbox is acquired outside the lock, as that may queue.
        try {
            Session session = new Session(sessionId, pool.acquire());
            try {
                session.sandbox.startRepl();
            } catch (AgentException e) {
                pool.release(session.sandbox);
                throw new SandboxUnavailableException("cannot start the session's REPL: " + e.getMessage(), e);
            }
            sessions.put(sessionId, session);
            return session.info();
        } finally {
            synchronized (opening) {
                opening.remove(sessionId);
            }
        }
    }

    /** Whether a session with this id is open. */
    public boolean isOpen(String id) {
        return sessions.containsKey(id);
    }

    /** Runs {@code code} in the session, continuing from {@code env}. */
    public SessionReply run(String id, String code, EnvChoice env) {
        LeanSource source = LeanSource.of(code, maxSourceBytes);
        ObjectNode command = json.createObjectNode().put("cmd", source.text());
        return withSession(id, session -> {
            Integer from = env.resolve(session.latestEnv);
            if (from != null) {
                command.put("env", from);
            }
            return execute(session, command);
        });
    }

    /** Applies {@code tactic} to a proof state of this session (from a {@code sorry} or an earlier tactic). */
    public SessionReply tactic(String id, int proofState, String tactic) {
        if (tactic == null || tactic.isBlank()) {
            throw new InvalidSourceException("the tactic is empty");
        }
        ObjectNode command = json.createObjectNode().put("tactic", LeanSource.of(tactic, maxSourceBytes).text()).put("proofState", proofState);
        return withSession(id, session -> execute(session, command));
    }

    /** Calls waiting for the session now, and whether one is being served (for tests of arrival order). */
    int waitingCalls(String id) {
        Session session = sessions.get(id);
        return session == null ? 0 : session.lock.getQueueLength();
    }

    boolean serving(String id) {
        Session session = sessions.get(id);
        return session != null && session.lock.isLocked();
    }

    public List<SessionInfo> list() {
        return sessions.values().stream().map(Session::info)
                .sorted(Comparator.comparing(SessionInfo::createdAt)).toList();
    }

    /** Closes a session; its sandbox is reset before anything else uses it. */
    public void close(String id) {
        Session session = sessions.remove(id);
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
        for (String id : List.copyOf(sessions.keySet())) {
            try {
                close(id);
            } catch (UnknownSessionException e) {
                // closed meanwhile
            }
        }
    }

    private interface Call {
        SessionReply apply(Session session) throws AgentException;
    }

    private SessionReply withSession(String id, Call call) {
        Session session = sessions.get(id);
        if (session == null) {
            throw new UnknownSessionException(id);
        }
        session.lock.lock();
        try {
            if (session.closed) {
                throw new UnknownSessionException(id);
            }
            session.lastUsed = Instant.now();
            try {
                return call.apply(session);
            } catch (AgentException e) {
                // The sandbox itself failed: the REPL is gone with it.
                RunResult failed = RunResult.infrastructureError(RunMode.CHECK, "the sandbox failed: " + e.getMessage(), Duration.ZERO);
                return new SessionReply(id, failed, null, restore(session, "the sandbox failed"));
            } finally {
                session.lastUsed = Instant.now();
            }
        } finally {
            session.lock.unlock();
        }
    }

    private SessionReply execute(Session session, ObjectNode command) throws AgentException {
        ReplStep step = runner.send(session.sandbox, command, SourceOffset.NONE);
        if (step.answered()) {
            if (!step.refused()) {
                session.accept(command, step.answer().env(), step.answer().proofState());
            }
            return new SessionReply(session.id, step.result(), step.answer(), null);
        }
        String why = step.result().status().name().toLowerCase().replace('_', ' ');
        return new SessionReply(session.id, step.result(), null, restore(session, "the " + why));
    }

    /** Brings the session back after its REPL died: replay, or reset and say so. */
    private String restore(Session session, String cause) {
        int commands = session.accepted.size();
        try {
            if (session.sandbox.isBroken()) {
                pool.release(session.sandbox);
                session.sandbox = pool.acquire();
            }
            session.sandbox.startRepl();
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
        } catch (AgentException | RuntimeException e) {
            return reset(session, cause, "replaying its commands failed: " + e.getMessage());
        }
    }

    private String reset(Session session, String cause, String why) {
        session.forget();
        log.warn("session {} reset: {}", session.id, why);
        try {
            if (session.sandbox.isBroken()) {
                pool.release(session.sandbox);
                session.sandbox = pool.acquire();
            }
            session.sandbox.startRepl();
        } catch (AgentException | RuntimeException e) {
            sessions.remove(session.id);
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
            pool.release(session.sandbox);
        }
    }

    private void closeIdle() {
        Instant cutoff = Instant.now().minus(settings.idleTimeout());
        for (Session session : sessions.values()) {
            if (session.lastUsed.isBefore(cutoff) && session.lock.tryLock()) {
                try {
                    if (session.lastUsed.isBefore(cutoff) && sessions.remove(session.id, session)) {
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
