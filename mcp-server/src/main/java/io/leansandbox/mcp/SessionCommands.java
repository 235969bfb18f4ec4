package io.leansandbox.mcp;

import io.leansandbox.engine.session.SessionReply;
import io.leansandbox.engine.session.TacticAttempts;
import io.leansandbox.engine.session.UnknownSessionException;

import java.util.List;
import java.util.Optional;

/**
 * Session calls as the persistent tools make them: the session a call names is continued, or opened
 * with that id when none is open (what the original server did), or a new one is opened when the
 * call names none. Every reply's proof states are remembered for {@code get-goals}.
 */
final class SessionCommands {

    private final LeanEngine engine;
    private final ProofStateMemory memory;

    SessionCommands(LeanEngine engine, ProofStateMemory memory) {
        this.engine = engine;
        this.memory = memory;
    }

    /** Runs {@code code} in the session {@code requestedId} names (opening it if need be), or in a new session. */
    SessionReply run(Optional<String> requestedId, String code) {
        Target target = target(requestedId);
        try {
            return remembered(engine.runInSession(target.id(), code));
        } catch (UnknownSessionException e) {
            if (target.opened()) {
                throw e;
            }
            // It expired or was closed between the look-up and the run: open it anew, as for an unknown id.
            return run(requestedId, code);
        } catch (RuntimeException e) {
            if (target.opened()) {
                // A session this call opened and could not use would be left open with nobody knowing its id.
                closeQuietly(target.id());
            }
            throw e;
        }
    }

    /** Applies a tactic to a proof state of an open session. */
    SessionReply tactic(String sessionId, int proofState, String tactic) {
        return remembered(engine.applyTactic(sessionId, proofState, tactic));
    }

    /** Tries each of {@code tactics} on the same proof state of an open session, at once. */
    TacticAttempts tactics(String sessionId, int proofState, List<String> tactics) {
        TacticAttempts tried = engine.applyTactics(sessionId, proofState, tactics);
        if (tried.notice() != null && stateWasLost(sessionId)) {
            memory.forget(sessionId);
        }
        memory.remember(tried);
        return tried;
    }

    /** Closes a session and forgets its proof states. */
    void close(String sessionId) {
        memory.forget(sessionId);
        engine.closeSession(sessionId);
    }

    private record Target(String id, boolean opened) {
    }

    private Target target(Optional<String> requestedId) {
        if (requestedId.isEmpty()) {
            return opened(engine.openSession(null).id());
        }
        String id = requestedId.get();
        if (engine.isSessionOpen(id)) {
            return new Target(id, false);
        }
        try {
            return opened(engine.openSession(id).id());
        } catch (IllegalArgumentException e) {
            if (engine.isSessionOpen(id)) {
                return new Target(id, false); // another call opened it meanwhile
            }
            throw new ToolArguments.BadArgumentException(e.getMessage()); // a malformed id
        }
    }

    private Target opened(String id) {
        memory.forget(id); // a session that had this id before is gone, and its proof states with it
        return new Target(id, true);
    }

    private SessionReply remembered(SessionReply reply) {
        if (reply.notice() != null && stateWasLost(reply.sessionId())) {
            memory.forget(reply.sessionId());
        }
        memory.remember(reply);
        return reply;
    }

    /** After a restart, the session either kept its commands (replayed: same proof state ids) or lost them all. */
    private boolean stateWasLost(String sessionId) {
        return engine.sessions().stream()
                .filter(s -> s.id().equals(sessionId))
                .findFirst()
                .map(s -> s.commands() == 0)
                .orElse(true);
    }

    private void closeQuietly(String id) {
        try {
            close(id);
        } catch (RuntimeException e) {
            // already gone
        }
    }
}
