package io.leansandbox.engine.session;

import java.time.Duration;

/**
 * Limits on stateful sessions.
 *
 * @param maxSessions most sessions open at once
 * @param idleTimeout a session unused this long is closed and its sandbox reset
 */
public record SessionSettings(int maxSessions, Duration idleTimeout) {

    public static final SessionSettings DEFAULT = new SessionSettings(16, Duration.ofMinutes(10));

    public SessionSettings {
        if (maxSessions < 0) {
            throw new IllegalArgumentException("max_sessions must be 0 or more, got " + maxSessions);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("session_idle_timeout must be positive, got " + idleTimeout.toSeconds());
        }
    }
}
