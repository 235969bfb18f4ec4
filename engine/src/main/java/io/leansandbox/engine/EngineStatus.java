package io.leansandbox.engine;

import io.leansandbox.engine.sandbox.HostStatus;
import io.leansandbox.engine.sandbox.PoolStats;
import io.leansandbox.engine.session.SessionInfo;
import io.leansandbox.engine.warm.WarmStats;

import java.util.List;

/**
 * What the engine is doing now.
 *
 * @param backend     where sandboxes run (backend, image, daemon)
 * @param hosts       each Docker daemon sandboxes run on: up or out, its sandboxes and capacity
 * @param leanVersion what {@code lean --version} prints in a sandbox, or why it could not be read
 * @param pool        the sandbox pool
 * @param warm        the warm REPLs
 * @param sessions    the open sessions
 */
public record EngineStatus(String backend, List<HostStatus> hosts, String leanVersion, PoolStats pool, WarmStats warm, List<SessionInfo> sessions) {
}
