package io.leansandbox.mcp;

import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.session.SessionReply;

import java.util.List;
import java.util.Map;

/**
 * A session reply as the persistent tools return it: the text in the original server's layout with its
 * {@code Session ID:} first (and a {@code Notice:} section when the session was restored or reset),
 * and structured content that is the whole run result plus the session's fields.
 */
final class SessionReplies {

    /** JSON Schema of {@link #fields}: {@link ResultFields#OUTPUT_SCHEMA} plus the session's fields. */
    static final Map<String, Object> OUTPUT_SCHEMA = Schemas.extend(ResultFields.OUTPUT_SCHEMA,
            "session_id", Schemas.described(Schemas.STRING, "the session: pass it to the next call to continue"),
            "env", Schemas.described(Schemas.OPTIONAL_INTEGER, "the Lean environment this command produced (null when the REPL did not answer)"),
            "notice", Schemas.described(Schemas.OPTIONAL_STRING,
                    "set when the session's REPL had to be restarted: whether its earlier commands were replayed or the session was reset"));

    private SessionReplies() {
    }

    static Map<String, Object> fields(SessionReply reply) {
        return Schemas.with(ResultFields.of(reply.result()),
                "session_id", reply.sessionId(),
                "env", reply.answer() == null ? null : reply.answer().env(),
                "notice", reply.notice());
    }

    /**
     * The result in {@link ResultText}'s layout (the original's) with its {@code Session ID:} first,
     * then the {@code extra} sections, then the notice.
     */
    static String text(SessionReply reply, RunResult shown, String extra) {
        return ResultText.seed(reply.sessionId(), shown,
                java.util.Arrays.asList(extra, reply.notice() == null ? null : "Notice:\n" + reply.notice()));
    }

    static String text(SessionReply reply) {
        return text(reply, reply.result(), "");
    }

    /**
     * Whether the call produced no answer of Lean's: the sandbox failed, or the REPL refused the
     * command ({@code Unknown proof state.}, a tactic it cannot parse).
     */
    static boolean failed(SessionReply reply) {
        return reply.result().status() == Status.INFRASTRUCTURE_ERROR
                || reply.answer() != null && reply.answer().protocolError() != null;
    }

    /** {@code result} without its sorries: for texts that list them their own way. */
    static RunResult withoutSorries(RunResult result) {
        return new RunResult(result.status(), result.mode(), result.exitCode(), result.diagnostics(), List.of(),
                result.stdout(), result.stderr(), result.outputTruncated(), result.elapsed(), result.toolchainTime());
    }
}
