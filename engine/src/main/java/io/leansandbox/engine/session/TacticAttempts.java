package io.leansandbox.engine.session;

import java.time.Duration;
import java.util.List;

/**
 * The answer to {@link SessionManager#tactics}: every tactic tried on one proof state, in the order given.
 *
 * @param sessionId  the session
 * @param proofState the proof state they were tried on; it stays valid
 * @param attempts   one per tactic, in the order given
 * @param repls      how many REPLs ran them: the session's, plus the copies of the proof state
 * @param elapsed    wall-clock time of the whole call
 * @param notice     what happened to the session itself (see {@link SessionReply#notice}), or null
 */
public record TacticAttempts(String sessionId, int proofState, List<TacticAttempt> attempts, int repls, Duration elapsed,
                             String notice) {

    public TacticAttempts {
        attempts = List.copyOf(attempts);
    }
}
