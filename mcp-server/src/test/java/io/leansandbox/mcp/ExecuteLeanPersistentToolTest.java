package io.leansandbox.mcp;

import io.leansandbox.engine.InvalidSourceException;
import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.Severity;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.leansandbox.mcp.ToolResults.error;
import static io.leansandbox.mcp.ToolResults.structured;
import static io.leansandbox.mcp.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code execute-lean-persistent} over a fake engine: which session a call lands in, and what it returns. */
class ExecuteLeanPersistentToolTest {

    private final FakeTools tools = new FakeTools();
    private final FakeEngine engine = tools.engine;

    private CallToolResult call(Map<String, Object> arguments) {
        return tools.persistent.call(arguments);
    }

    @Test
    void withoutASessionIdANewSessionIsOpenedAndNamedFirst() {
        CallToolResult result = call(Map.of("code", "def f := 2"));
        assertThat(text(result)).isEqualTo(SeedLayout.format(Map.of("stdout", "", "status", "success", "exit_code", 0), "generated-1")
                + "\n\nRun Status: SUCCESS");
        assertThat(text(result)).isEqualTo("Session ID: generated-1\n\nStatus: success\nExit Code: 0\n\nNo output\n\nRun Status: SUCCESS");
        Map<String, Object> fields = structured(ExecuteLeanPersistentTool.TOOL, result);
        assertThat(fields).containsEntry("session_id", "generated-1").containsEntry("env", 0)
                .containsEntry("notice", null).containsEntry("status", "SUCCESS").containsEntry("exit_code", 0);
        assertThat(engine.calls).extracting(FakeEngine.Call::operation).containsExactly("open", "run-in-session");
    }

    @Test
    void theStructuredContentIsTheWholeResultPlusTheSessionsFields() {
        Map<String, Object> fields = structured(ExecuteLeanPersistentTool.TOOL, call(Map.of("code", "def f := 2")));
        assertThat(fields.keySet()).containsExactly("status", "mode", "exit_code", "diagnostics", "sorries", "stdout", "stderr",
                "output_truncated", "elapsed_ms", "session_id", "env", "notice");
    }

    @Test
    void aKnownSessionIsContinued() {
        String id = (String) structured(ExecuteLeanPersistentTool.TOOL, call(Map.of("code", "def f := 2"))).get("session_id");
        Map<String, Object> second = structured(ExecuteLeanPersistentTool.TOOL, call(Map.of("code", "#check f", "session_id", id)));
        assertThat(second).containsEntry("session_id", id).containsEntry("env", 1);
        assertThat(engine.calls).extracting(FakeEngine.Call::operation).containsExactly("open", "run-in-session", "run-in-session");
    }

    @Test
    void anUnknownSessionIdOpensASessionWithThatIdAsTheOriginalDid() {
        Map<String, Object> fields = structured(ExecuteLeanPersistentTool.TOOL, call(Map.of("code", "def f := 2", "session_id", "proof-1")));
        assertThat(fields).containsEntry("session_id", "proof-1");
        assertThat(engine.calls).containsExactly(
                new FakeEngine.Call("open", "proof-1", null),
                new FakeEngine.Call("run-in-session", "proof-1", "def f := 2"));
    }

    @Test
    void aNullSessionIdIsTheSameAsNone() {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("code", "def f := 2");
        arguments.put("session_id", null);
        assertThat(structured(ExecuteLeanPersistentTool.TOOL, call(arguments))).containsEntry("session_id", "generated-1");
    }

    @Test
    void leansErrorsAreAVerdictInTheOriginalsLayout() {
        Diagnostic unknown = new Diagnostic(Severity.ERROR, new Position(1, 7), new Position(1, 8), "Unknown identifier `g`");
        engine.onCommand = (id, code) -> FakeEngine.command(id, 2, List.of(unknown), List.of());
        CallToolResult result = call(Map.of("code", "#check g", "session_id", "s"));
        assertThat(text(result)).isEqualTo("""
                Session ID: s

                Status: error
                Exit Code: 1

                Output:
                1:7: error: Unknown identifier `g`

                Error: Unknown identifier `g`

                Run Status: ERROR""");
        assertThat(structured(ExecuteLeanPersistentTool.TOOL, result).get("diagnostics")).asList().singleElement()
                .isEqualTo(Map.of("severity", "error", "line", 1, "column", 7, "end_line", 1, "end_column", 8,
                        "message", "Unknown identifier `g`"));
    }

    @Test
    void aRestoredOrResetSessionSaysSoInANoticeSection() {
        String notice = "the session was reset: after the timeout, replaying its 1 commands failed";
        engine.onCommand = (id, code) -> FakeEngine.timedOut(id, notice);
        CallToolResult result = call(Map.of("code", "def slow := 1", "session_id", "s"));
        assertThat(text(result)).isEqualTo("Session ID: s\n\nStatus: error\nExit Code: 137\n\nNo output\n\nError: Lean execution error"
                + "\n\nRun Status: TIMEOUT\n\nNotice:\n" + notice);
        assertThat(structured(ExecuteLeanPersistentTool.TOOL, result)).containsEntry("notice", notice).containsEntry("env", null);
    }

    @Test
    void badArgumentsAreNamedAndOpenNothing() {
        Map<Map<String, Object>, String> cases = Map.of(
                Map.of(), "missing required argument 'code'",
                Map.of("code", "  "), "argument 'code' is empty",
                Map.of("code", 3), "argument 'code' must be a string, got a number",
                Map.of("code", "x", "session_id", 7), "argument 'session_id' must be a string, got a number",
                Map.of("code", "x", "session_id", " "), "argument 'session_id' is empty: leave it out to open a new session");
        cases.forEach((arguments, cause) ->
                assertThat(error(call(arguments))).as("%s", arguments).startsWith("Invalid arguments: " + cause));
        assertThat(engine.calls).isEmpty();
    }

    @Test
    void asTheOriginalItIgnoresArgumentsItDoesNotNameAndTakesAnEmptyIdForNone() {
        // The original read only code and session_id, and opened a new session for a missing or empty id.
        Map<String, Object> fields = structured(ExecuteLeanPersistentTool.TOOL,
                call(Map.of("code", "def f := 2", "session_id", "", "sessionId", "s", "timeout_s", 5)));
        assertThat(fields).containsEntry("session_id", "generated-1");
        assertThat(engine.calls).containsExactly(new FakeEngine.Call("open", null, null),
                new FakeEngine.Call("run-in-session", "generated-1", "def f := 2"));
    }

    @Test
    void aMalformedSessionIdIsABadArgument() {
        assertThat(error(call(Map.of("code", "x", "session_id", "no spaces please"))))
                .isEqualTo("Invalid arguments: bad session id 'no spaces please': use 1 to 64 letters, digits, '_', '.', ':' or '-'");
        assertThat(engine.sessions()).isEmpty();
    }

    @Test
    void theSessionLimitIsNamed() {
        engine.maxSessions = 1;
        call(Map.of("code", "def f := 2"));
        assertThat(error(call(Map.of("code", "def f := 2")))).startsWith("Session limit reached: 1 sessions are open");
    }

    @Test
    void aSessionThisCallOpenedIsClosedWhenTheEngineRefusesTheCode() {
        engine.onCommand = (id, code) -> {
            throw new InvalidSourceException("the source contains a NUL character");
        };
        assertThat(error(call(Map.of("code", "def\0")))).isEqualTo("Invalid Lean source: the source contains a NUL character");
        assertThat(engine.sessions()).as("no session left open under an id nobody was told").isEmpty();
    }

    @Test
    void aSessionThatWasAlreadyOpenStaysOpenWhenOneCallFails() {
        call(Map.of("code", "def f := 2", "session_id", "s"));
        engine.onCommand = (id, code) -> {
            throw new InvalidSourceException("the source is empty");
        };
        error(call(Map.of("code", "x", "session_id", "s")));
        assertThat(engine.isSessionOpen("s")).isTrue();
    }

    @Test
    void anEngineThatCannotStartIsNamedInEveryCall() {
        engine.failure = new SandboxUnavailableException("the image 'x' is not in the Docker daemon at unix:///var/run/docker.sock. "
                + "Build it: docker build -t x -f /repo/docker/Dockerfile /repo/docker");
        for (int i = 0; i < 2; i++) {
            assertThat(error(call(Map.of("code", "def f := 2"))))
                    .isEqualTo("Lean is unavailable: " + engine.failure.getMessage());
        }
    }
}
