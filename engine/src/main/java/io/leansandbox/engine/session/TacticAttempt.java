package io.leansandbox.engine.session;

import java.time.Duration;

/**
 * One tactic of {@link SessionManager#tactics}, and what it did.
 *
 * @param index     its place in the list given (from 0)
 * @param tactic    the tactic
 * @param inSession whether it ran on the session's own REPL: then the proof state it produced is the
 *                  session's, to continue from; otherwise it ran on a copy of the proof state in
 *                  another sandbox, whose proof states the session does not have
 * @param reply     the REPL's answer (or the failure), as {@link SessionManager#tactic} returns it;
 *                  for a copy, its proof-state ids are the copy's
 * @param elapsed   how long the tactic took, from sending it to its answer
 */
public record TacticAttempt(int index, String tactic, boolean inSession, SessionReply reply, Duration elapsed) {

    /** What the tactic did; a copy's proof state is left out, as the session does not have it. */
    public TacticOutcome outcome() {
        TacticOutcome outcome = TacticOutcome.of(reply);
        return inSession ? outcome : outcome.withoutProofState();
    }
}
