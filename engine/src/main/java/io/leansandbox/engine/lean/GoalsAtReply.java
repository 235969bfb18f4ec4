package io.leansandbox.engine.lean;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leansandbox.engine.result.RunResult;

/**
 * The answer to a goals-at question: the code's run (status, Lean's messages), and the goals at the
 * place asked about, read from the info trees of the REPL's answer.
 *
 * @param sessionId the session the code ran in, or null for a REPL of its own
 * @param code      the code, as sent
 * @param result    the run, as for any command
 * @param goals     the goals at the place; null when the REPL gave no answer to read them from
 * @param notice    what happened to the session (see {@link io.leansandbox.engine.session.SessionReply#notice}), or null
 */
public record GoalsAtReply(String sessionId, String code, RunResult result, GoalsAt goals, String notice) {

    /** The command that asks for {@code code}'s info trees ({@link InfoTree#ORIGINAL}), from {@code env} (null: a fresh environment). */
    public static ObjectNode command(ObjectMapper json, String code, Integer env, String infotree) {
        ObjectNode command = json.createObjectNode().put("cmd", code);
        if (env != null) {
            command.put("env", env);
        }
        return command.put("infotree", infotree);
    }

    /** The reply for a command's {@code answer} (null when the REPL did not answer, or refused). */
    public static GoalsAtReply of(String sessionId, String code, RunResult result, ReplResponse answer, String notice,
                                  int line, Integer column) {
        GoalsAt goals = answer == null || answer.protocolError() != null ? null
                : GoalsAt.find(InfoTree.tactics(answer.raw() == null ? null : answer.raw().get("infotree")), line, column);
        return new GoalsAtReply(sessionId, code, result, goals, notice);
    }
}
