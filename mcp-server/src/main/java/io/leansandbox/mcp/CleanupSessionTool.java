package io.leansandbox.mcp;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.util.List;
import java.util.Map;

/** The {@code cleanup-session} tool: closes a session; its sandbox is reset before anything else uses it. */
record CleanupSessionTool(SessionCommands sessions) implements LeanTool {

    static final String NAME = "cleanup-session";

    static final Tool TOOL = Tool.builder()
            .name(NAME)
            .title("Close a session")
            .description("Close a persistent session opened by execute-lean-persistent or start-proof: its definitions "
                    + "and proof states are dropped and its sandbox is wiped. An id that names no open session is an error.")
            .inputSchema(Schemas.input(List.of(ToolArguments.SESSION_ID),
                    ToolArguments.SESSION_ID, Schemas.described(Schemas.STRING, "the session to close")))
            .outputSchema(Schemas.object(Schemas.ordered(
                    "session_id", Schemas.STRING,
                    "closed", Schemas.BOOLEAN)))
            .build();

    @Override
    public Tool tool() {
        return TOOL;
    }

    @Override
    public CallToolResult answer(Map<String, Object> arguments) {
        String id = ToolArguments.sessionId(arguments);
        sessions.close(id);
        return ToolCalls.result("Session ID: " + id + "\nStatus: CLOSED",
                Schemas.ordered("session_id", id, "closed", true), false);
    }
}
