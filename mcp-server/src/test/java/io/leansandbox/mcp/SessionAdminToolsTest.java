package io.leansandbox.mcp;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.leansandbox.mcp.ToolResults.error;
import static io.leansandbox.mcp.ToolResults.structured;
import static io.leansandbox.mcp.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code cleanup-session}, {@code list-sessions} and {@code status} over a fake engine. */
class SessionAdminToolsTest {

    private final FakeTools tools = new FakeTools();

    @Test
    void cleanupClosesASessionAndASecondCleanupIsAnErrorNamingIt() {
        tools.persistent.call(Map.of("code", "def f := 2", "session_id", "s1"));
        CallToolResult closed = tools.cleanup.call(Map.of("session_id", "s1"));
        // The original's sentence with the original's message for a session it closed, then a line of this server's.
        assertThat(text(closed)).isEqualTo(SeedLayout.cleanup("s1", "Session s1 cleaned up successfully")
                + "\n\nClosed: its definitions and proof states are gone, and its sandbox is wiped before anything else uses it");
        assertThat(structured(CleanupSessionTool.TOOL, closed)).isEqualTo(Map.of("session_id", "s1", "closed", true));
        assertThat(tools.engine.isSessionOpen("s1")).isFalse();

        // Nothing open under that id: the original's layout, and its message says nothing was cleaned up.
        CallToolResult again = tools.cleanup.call(Map.of("session_id", "s1", "force", true));
        assertThat(text(again)).isEqualTo(SeedLayout.cleanup("s1", "No session found with ID s1, so nothing was cleaned up")
                + "\n\nClosed: nothing; no open session has this id (it was closed, it expired, or it never existed)");
        assertThat(structured(CleanupSessionTool.TOOL, again)).isEqualTo(Map.of("session_id", "s1", "closed", false));
    }

    @Test
    void cleanupNeedsASessionId() {
        assertThat(error(tools.cleanup.call(Map.of()))).startsWith("Invalid arguments: missing required argument 'session_id'");
        assertThat(error(tools.cleanup.call(Map.of("session_id", List.of("s1"))))).isEqualTo(
                "Invalid arguments: argument 'session_id' must be a string, got an array");
        assertThat(error(tools.cleanup.call(Map.of("session_id", "")))).startsWith("Invalid arguments: argument 'session_id' is empty");
    }

    @Test
    void listSessionsGivesIdTimesAndCommandCounts() {
        assertThat(text(tools.listSessions.call(Map.of()))).isEqualTo("Sessions: none open");
        tools.persistent.call(Map.of("code", "def f := 2", "session_id", "a"));
        tools.persistent.call(Map.of("code", "#check f", "session_id", "a"));
        tools.persistent.call(Map.of("code", "def g := 3", "session_id", "b"));

        CallToolResult result = tools.listSessions.call(Map.of());
        assertThat(text(result)).isEqualTo("""
                Sessions: 2 open
                a: created 2026-11-26T10:00:00Z, last used 2026-11-26T10:00:02Z, 2 commands
                b: created 2026-11-26T10:00:00Z, last used 2026-11-26T10:00:01Z, 1 command""");
        assertThat(structured(ListSessionsTool.TOOL, result).get("sessions")).isEqualTo(List.of(
                Map.of("session_id", "a", "created", "2026-11-26T10:00:00Z", "last_used", "2026-11-26T10:00:02Z", "commands", 2, "env", 1),
                Map.of("session_id", "b", "created", "2026-11-26T10:00:00Z", "last_used", "2026-11-26T10:00:01Z", "commands", 1, "env", 0)));
    }

    @Test
    void toolsWithoutArgumentsRefuseAny() {
        assertThat(error(tools.listSessions.call(Map.of("all", true)))).isEqualTo(
                "Invalid arguments: unknown argument 'all' (this tool takes no arguments)");
        assertThat(error(tools.status.call(Map.of("verbose", true)))).startsWith("Invalid arguments: unknown argument 'verbose'");
    }

    @Test
    void statusGivesPoolWarmReplsSessionsLeanVersionAndBackend() {
        tools.persistent.call(Map.of("code", "def f := 2", "session_id", "a"));
        CallToolResult result = tools.status.call(null);
        assertThat(text(result)).isEqualTo("""
                Lean: Lean (version 4.33.0-rc2, stand-in toolchain)
                Backend: docker (image lean-sandbox/standin:latest)
                Pool: 1 idle, 2 alive, 3 created, 1 retired, 5 resets
                Warm REPLs: 1 idle, 1 alive, 1 header imports, 4 checks, 0 recycled
                Sessions: 1 open
                a: created 2026-11-26T10:00:00Z, last used 2026-11-26T10:00:01Z, 1 command""");
        Map<String, Object> fields = structured(StatusTool.TOOL, result);
        assertThat(fields).containsEntry("lean_version", "Lean (version 4.33.0-rc2, stand-in toolchain)")
                .containsEntry("pool", Map.of("idle", 1, "alive", 2, "created", 3L, "retired", 1L, "resets", 5L))
                .containsEntry("warm", Map.of("idle", 1, "alive", 1, "header_imports", 1L, "checks", 4L, "recycled", 0L,
                        "recycled_for_memory", 0L));
        assertThat(fields.get("sessions")).asList().hasSize(1);
    }
}
