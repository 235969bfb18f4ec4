package io.leansandbox.engine.session;

import java.time.Instant;

/**
 * What a session is now.
 *
 * @param id        the session's id
 * @param createdAt when it was opened
 * @param lastUsed  when it last served a call
 * @param commands  commands it has accepted (those a restart would replay)
 * @param latestEnv the environment its next command continues from, or null before the first
 */
public record SessionInfo(String id, Instant createdAt, Instant lastUsed, int commands, Integer latestEnv) {
}
