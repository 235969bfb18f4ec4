package io.leansandbox.mcp;

import io.leansandbox.engine.session.SessionInfo;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.util.List;
import java.util.Map;

/** The {@code list-sessions} tool: the open sessions, oldest first. */
record ListSessionsTool(LeanEngine engine) implements LeanTool {

    static final String NAME = "list-sessions";

    static final Map<String, Object> SESSION_SCHEMA = Schemas.object(Schemas.ordered(
            "session_id", Schemas.STRING,
            "created", Schemas.described(Schemas.STRING, "when it was opened (ISO-8601, UTC)"),
            "last_used", Schemas.described(Schemas.STRING, "when it last served a call (ISO-8601, UTC)"),
            "commands", Schemas.described(Schemas.INTEGER, "commands and tactics it has accepted"),
            "env", Schemas.described(Schemas.OPTIONAL_INTEGER, "the environment its next command continues from (null before the first)")));

    static final Tool TOOL = Tool.builder()
            .name(NAME)
            .title("List sessions")
            .description("List the open persistent sessions, oldest first: id, when each was opened and last used, and how "
                    + "many commands it has accepted. Sessions unused for a while (session_idle_timeout) are closed.")
            .inputSchema(Schemas.input(List.of()))
            .outputSchema(Schemas.object(Schemas.ordered("sessions", Schemas.array(SESSION_SCHEMA))))
            .build();

    @Override
    public Tool tool() {
        return TOOL;
    }

    @Override
    public CallToolResult answer(Map<String, Object> arguments, CallContext context) {
        List<SessionInfo> sessions = engine.sessions();
        return ToolCalls.result(text(sessions), Schemas.ordered("sessions", sessions.stream().map(ListSessionsTool::fields).toList()), false);
    }

    static Map<String, Object> fields(SessionInfo session) {
        return Schemas.ordered(
                "session_id", session.id(),
                "created", session.createdAt().toString(),
                "last_used", session.lastUsed().toString(),
                "commands", session.commands(),
                "env", session.latestEnv());
    }

    /** {@code Sessions: N open}, then one line per session. */
    static String text(List<SessionInfo> sessions) {
        StringBuilder text = new StringBuilder("Sessions: ").append(sessions.isEmpty() ? "none open" : sessions.size() + " open");
        for (SessionInfo session : sessions) {
            text.append("\n").append(session.id())
                    .append(": created ").append(session.createdAt())
                    .append(", last used ").append(session.lastUsed())
                    .append(", ").append(session.commands()).append(session.commands() == 1 ? " command" : " commands");
        }
        return text.toString();
    }
}
