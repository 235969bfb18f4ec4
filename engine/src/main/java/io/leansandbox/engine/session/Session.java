package io.leansandbox.engine.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.leansandbox.engine.sandbox.Sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** One session's state; every field but the lock is guarded by the lock. */
final class Session {

    /** A command the REPL accepted, with the ids its answer handed out, for replay after a restart. */
    record Accepted(JsonNode command, Integer env, Integer proofState) {
    }

    final String id;
    final Instant createdAt = Instant.now();
    /** Fair: callers queued on one session are served in the order they arrived. */
    final ReentrantLock lock = new ReentrantLock(true);
    final List<Accepted> accepted = new ArrayList<>();
    Sandbox sandbox;
    Integer latestEnv;
    volatile Instant lastUsed = createdAt;
    boolean closed;

    Session(String id, Sandbox sandbox) {
        this.id = id;
        this.sandbox = sandbox;
    }

    void accept(JsonNode command, Integer env, Integer proofState) {
        accepted.add(new Accepted(command, env, proofState));
        if (env != null) {
            latestEnv = env;
        }
    }

    void forget() {
        accepted.clear();
        latestEnv = null;
    }

    SessionInfo info() {
        return new SessionInfo(id, createdAt, lastUsed, accepted.size(), latestEnv);
    }
}
