package io.leansandbox.mcp;

import io.leansandbox.engine.lean.ReplResponse;
import io.leansandbox.engine.result.Sorry;
import io.leansandbox.engine.session.SessionReply;
import io.leansandbox.engine.session.TacticAttempt;
import io.leansandbox.engine.session.TacticAttempts;
import io.leansandbox.engine.session.TacticOutcome;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The goals of every proof state the server has handed out, by session: what {@code get-goals}
 * answers from. The Lean REPL has no command that shows the goals of a proof state; it reports them
 * once, in the reply that hands the proof state out (a {@code sorry}'s goal, or a tactic's goals),
 * and this remembers that report. A session's proof states are forgotten when it is closed, opened
 * anew, or reset.
 */
final class ProofStateMemory {

    /** What the REPL reported for one proof state. */
    record Goals(List<String> goals, String source, String proofStatus) {
        Goals {
            goals = List.copyOf(goals);
        }
    }

    static final String FROM_SORRY = "sorry";
    static final String FROM_TACTIC = "tactic";

    private final Map<String, Map<Integer, Goals>> sessions = new ConcurrentHashMap<>();

    /** Remembers the proof states {@code reply} handed out: its sorries', or its tactic's. */
    void remember(SessionReply reply) {
        if (reply.answer() == null) {
            return;
        }
        ReplResponse answer = reply.answer();
        Map<Integer, Goals> states = sessions.computeIfAbsent(reply.sessionId(), id -> new ConcurrentHashMap<>());
        for (Sorry sorry : answer.sorries()) {
            if (sorry.proofState() != null && sorry.goal() != null) {
                states.put(sorry.proofState(), new Goals(List.of(sorry.goal()), FROM_SORRY, null));
            }
        }
        // A tactic's proof state, when Lean accepted the tactic (a failed one's holds Lean's error recovery).
        if (answer.proofState() != null && answer.protocolError() == null && TacticOutcome.of(reply).accepted()) {
            states.put(answer.proofState(), new Goals(answer.goals(), FROM_TACTIC, answer.proofStatus()));
        }
    }

    /** Remembers the proof states that tactics tried on the session's own REPL handed out (a copy's are not the session's). */
    void remember(TacticAttempts attempts) {
        Map<Integer, Goals> states = sessions.computeIfAbsent(attempts.sessionId(), id -> new ConcurrentHashMap<>());
        for (TacticAttempt attempt : attempts.attempts()) {
            TacticOutcome outcome = attempt.outcome();
            if (attempt.inSession() && outcome.accepted() && outcome.proofState() != null) {
                states.put(outcome.proofState(), new Goals(outcome.goals(), FROM_TACTIC, outcome.proofStatus()));
            }
        }
    }

    Optional<Goals> goals(String sessionId, int proofState) {
        return Optional.ofNullable(sessions.getOrDefault(sessionId, Map.of()).get(proofState));
    }

    /** Forgets a session's proof states: it was closed, opened anew, or reset. */
    void forget(String sessionId) {
        sessions.remove(sessionId);
    }

    /** Forgets the sessions that are no longer open (they expired, or were closed elsewhere). */
    void forgetClosed(Predicate<String> isOpen) {
        sessions.keySet().removeIf(id -> !isOpen.test(id));
    }
}
