package io.leansandbox.engine.session;

import io.leansandbox.engine.lean.ReplResponse;
import io.leansandbox.engine.result.RunResult;

/**
 * The answer to one session call.
 *
 * @param sessionId the session
 * @param result    status, exit code, diagnostics, sorries, as for a one-off run
 * @param answer    the REPL's answer (env, proof state, goals, proof status), or null when it did not answer
 * @param notice    what happened to the session itself, or null: set when the REPL had to be restarted,
 *                  saying whether its commands were replayed (state kept) or the session was reset (state gone)
 */
public record SessionReply(String sessionId, RunResult result, ReplResponse answer, String notice) {
}
