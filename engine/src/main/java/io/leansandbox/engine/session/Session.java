package io.leansandbox.engine.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.leansandbox.engine.RunOptions;
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
    /** Whom it belongs to (null: the owner of callers that need no separation). */
    final String owner;
    final Instant createdAt = Instant.now();
    /** Fair: callers queued on one session are served in the order they arrived. */
    final ReentrantLock lock = new ReentrantLock(true);
    final List<Accepted> accepted = new ArrayList<>();
    Sandbox sandbox;
    Integer latestEnv;
    volatile Instant lastUsed = createdAt;
    boolean closed;
    /** Set when a command was cancelled (its REPL killed): the next command restores the session first. */
    String restoreBecause;
    /** A reset the caller was not told of (its call was cancelled): the next reply's notice. */
    String owedNotice;
    /** The call being served, and its serving of the sandbox (null between calls). */
    RunOptions options = RunOptions.DEFAULT;
    Sandbox.Serving serving;

    Session(String id, String owner, Sandbox sandbox) {
        this.id = id;
        this.owner = owner;
        this.sandbox = sandbox;
    }

    void accept(JsonNode command, Integer env, Integer proofState) {
        accepted.add(new Accepted(command, env, proofState));
        if (env != null) {
            latestEnv = env;
        }
    }

    /**
     * Records a command for replay without making its environment the latest: a side command
     * (pickling a proof state, asking for info trees) that later commands do not continue from.
     */
    void acceptAside(JsonNode command, Integer env, Integer proofState) {
        accepted.add(new Accepted(command, env, proofState));
    }

    void forget() {
        accepted.clear();
        latestEnv = null;
    }

    SessionInfo info() {
        return new SessionInfo(id, createdAt, lastUsed, accepted.size(), latestEnv);
    }
}
