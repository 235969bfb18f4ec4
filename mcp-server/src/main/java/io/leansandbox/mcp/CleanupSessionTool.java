package io.leansandbox.mcp;

import io.leansandbox.engine.session.UnknownSessionException;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.util.List;
import java.util.Map;

/**
 * The {@code cleanup-session} tool: closes a session; its sandbox is reset before anything else uses it.
 *
 * <p>The text is the original server's sentence, {@code Session ID cleaned up successfully: MESSAGE},
 * and MESSAGE says what happened: the original's {@code Session ID cleaned up successfully} when a
 * session was closed, {@code No session found with ID ID} and that nothing was cleaned up when none
 * was open (the original answered that too without an error). A line of this project's follows.
 * As the original's, it ignores arguments it does not name.
 */
record CleanupSessionTool(SessionCommands sessions) implements LeanTool {

    static final String NAME = "cleanup-session";

    static final Tool TOOL = Tool.builder()
            .name(NAME)
            .title("Close a session")
            .description("Close a persistent session opened by execute-lean-persistent or start-proof: its definitions "
                    + "and proof states are dropped and its sandbox is wiped. Closing an id that names no open session "
                    + "closes nothing, and says so (closed: false).")
            // Open, as the original's: arguments it does not name are ignored.
            .inputSchema(Schemas.openInput(List.of(ToolArguments.SESSION_ID),
                    ToolArguments.SESSION_ID, Schemas.described(Schemas.STRING, "the session to close")))
            .outputSchema(Schemas.object(Schemas.ordered(
                    "session_id", Schemas.STRING,
                    "closed", Schemas.described(Schemas.BOOLEAN, "whether an open session was closed; false when none had this id"))))
            .build();

    @Override
    public Tool tool() {
        return TOOL;
    }

    @Override
    public CallToolResult answer(Map<String, Object> arguments, CallContext context) {
        String id = ToolArguments.sessionId(arguments);
        boolean closed;
        try {
            sessions.close(id);
            closed = true;
        } catch (UnknownSessionException e) {
            closed = false;
        }
        String message = closed ? "Session " + id + " cleaned up successfully"
                : "No session found with ID " + id + ", so nothing was cleaned up";
        String detail = closed ? "Closed: its definitions and proof states are gone, and its sandbox is wiped before anything else uses it"
                : "Closed: nothing; no open session has this id (it was closed, it expired, or it never existed)";
        return ToolCalls.result("Session " + id + " cleaned up successfully: " + message + "\n\n" + detail,
                Schemas.ordered("session_id", id, "closed", closed), false);
    }
}
