package io.leansandbox.mcp;

import io.leansandbox.engine.session.SessionReply;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.util.List;
import java.util.Map;

/**
 * The {@code execute-lean-persistent} tool: runs Lean code in a session whose definitions carry over
 * from one call to the next. Without {@code session_id} a new session is opened; an id that names no
 * open session opens one with that id, as the original server did; so does an empty one. As the
 * original's, it ignores arguments it does not name, and its text is in the original's layout.
 */
record ExecuteLeanPersistentTool(SessionCommands sessions) implements LeanTool {

    static final String NAME = "execute-lean-persistent";

    static final Tool TOOL = Tool.builder()
            .name(NAME)
            .title("Execute Lean in a session")
            .description("Run Lean 4 code in a persistent session: definitions, theorems and `open`s from earlier calls "
                    + "of the same session stay available. Leave session_id out to start a new session; the result's "
                    + "session_id continues it. An id that names no open session opens one with that id. Each call "
                    + "continues from the environment of the session's last command. The result gives the status, "
                    + "Lean's messages with positions, the sorries with their proof states (usable with apply-tactic), "
                    + "and a notice if the session had to be restored or reset after a timeout or crash. "
                    + "Close the session with cleanup-session when done.")
            // Open, as the original's: arguments it does not name are ignored.
            .inputSchema(Schemas.openInput(List.of(ToolArguments.CODE),
                    ToolArguments.CODE, Schemas.described(Schemas.STRING, "Lean 4 source: one or more commands"),
                    ToolArguments.SESSION_ID, Schemas.described(Schemas.OPTIONAL_STRING,
                            "the session to continue (from an earlier result); leave out to open a new session")))
            .outputSchema(SessionReplies.OUTPUT_SCHEMA)
            .build();

    @Override
    public Tool tool() {
        return TOOL;
    }

    @Override
    public CallToolResult answer(Map<String, Object> arguments, CallContext context) {
        String code = ToolArguments.code(arguments);
        SessionReply reply = sessions.run(ToolArguments.seedSessionId(arguments), code);
        return ToolCalls.result(SessionReplies.text(reply), SessionReplies.fields(reply), SessionReplies.failed(reply));
    }
}
