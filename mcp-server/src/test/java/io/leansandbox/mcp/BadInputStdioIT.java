package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.leansandbox.engine.testing.LeanInputs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile input through the MCP server's front door on stdio: the shaded jar as a
 * subprocess, one server process for every case, raw JSON-RPC lines. Each case asserts the error
 * that names the cause (or, for odd but legitimate input, the right answer), then that the next
 * valid call in the same process is answered correctly; at the end the server exits cleanly when
 * stdin closes and leaves no container and no temporary file.
 *
 * <p>Lean's verdicts here come from recorded transcripts ({@code def f := 37}: def_eval, accepted)
 * or from stand-in directives ({@code say}), never from the stand-in's default answer. The engine's
 * own refusals of bad sources are tested at the engine level too (engine's {@code BadInputIT}).
 */
class BadInputStdioIT {

    private static final String STDIO = "bad input (MCP stdio)";
    private static final String SOURCE = "bad input (.lean source)";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static ServerProcess server;
    private static StdioClient client;
    private static BadInputRows rows;
    private static final AtomicInteger ids = new AtomicInteger(100);

    @BeforeAll
    static void start() throws Exception {
        rows = new BadInputRows("bad-input-mcp-stdio");
        java.nio.file.Files.createDirectories(tmp());
        server = ServerProcess.serve(dir.resolve("stderr.log"), List.of("-Djava.io.tmpdir=" + tmp()), true,
                "--image", ServerProcess.IMAGE, "--pool-size", "1", "--timeout", "20");
        client = new StdioClient(server);
        client.initialize("BadInputStdioIT");
        assertThat(stillServes()).as("the first call").isTrue();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            server.closeStdin();
            assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).as("the server exits when stdin closes").isTrue();
            int left = BadInputRows.containersOf(server.process().pid());
            rows.leaked("serve (stdio) after every bad input", left);
            assertThat(server.process().exitValue()).as("exit code; stderr: %s", server.stderr()).isZero();
            assertThat(left).as("containers left by the server").isZero();
            assertThat(BadInputRows.leftIn(tmp())).as("temporary files left by the server").isEmpty();
        } finally {
            server.close();
            rows.close();
        }
    }

    private static Path tmp() {
        return dir.resolve("tmp");
    }

    // --- JSON-RPC ------------------------------------------------------------------------------------

    @Test
    void aLineThatIsNotJson() throws Exception {
        client.line("hello, server");
        JsonNode error = client.answer(null, WAIT);
        rows.tried(STDIO, "a line that is not JSON", BadInputRows.outcome(error), () -> {
            assertError(error, -32700, "Parse error: the line is not JSON");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aBatch() throws Exception {
        client.line("[{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}]");
        JsonNode error = client.answer(null, WAIT);
        rows.tried(STDIO, "a JSON array (a JSON-RPC batch)", BadInputRows.outcome(error), () -> {
            assertError(error, -32600, "batches are not supported");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void jsonThatIsNotJsonRpc() throws Exception {
        int id = ids.incrementAndGet();
        client.line("{\"id\":" + id + ",\"method\":\"ping\"}");
        JsonNode error = client.answer(id, WAIT);
        rows.tried(STDIO, "an object without \"jsonrpc\": \"2.0\"", BadInputRows.outcome(error), () -> {
            assertError(error, -32600, "\"jsonrpc\" must be \"2.0\"");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void anUnknownMethod() throws Exception {
        int id = ids.incrementAndGet();
        client.send(Map.of("jsonrpc", "2.0", "id", id, "method", "lean/prove-everything"));
        JsonNode error = client.answer(id, WAIT);
        rows.tried(STDIO, "an unknown method", BadInputRows.outcome(error), () -> {
            assertError(error, -32601, "Method not found: lean/prove-everything");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aRequestIdThatIsNeitherStringNorInteger() throws Exception {
        client.line("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}");
        JsonNode error = client.answer(null, WAIT);
        rows.tried(STDIO, "a request whose id is a boolean", BadInputRows.outcome(error), () -> {
            assertError(error, -32600, "\"id\" must be a string or an integer, got a boolean");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void toolsCallWithoutParams() throws Exception {
        int id = ids.incrementAndGet();
        client.send(Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call"));
        JsonNode error = client.answer(id, WAIT);
        rows.tried(STDIO, "tools/call without params", BadInputRows.outcome(error), () -> {
            assertError(error, -32602, "tools/call needs params");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void toolsCallWithParamsOfTheWrongType() throws Exception {
        int id = ids.incrementAndGet();
        client.send(Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call", "params", "execute-lean"));
        JsonNode error = client.answer(id, WAIT);
        rows.tried(STDIO, "tools/call with params a string", BadInputRows.outcome(error), () -> {
            assertError(error, -32602, "params must be an object", "got a string");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void toolsCallWithoutAToolName() throws Exception {
        int id = ids.incrementAndGet();
        client.send(Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call", "params", Map.of("arguments", Map.of("code", "x"))));
        JsonNode error = client.answer(id, WAIT);
        rows.tried(STDIO, "tools/call without a tool name", BadInputRows.outcome(error), () -> {
            assertError(error, -32602, "params.name is missing");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void anUnknownTool() throws Exception {
        int id = ids.incrementAndGet();
        client.send(ServerProcess.toolCall(id, "prove-riemann", Map.of()));
        JsonNode error = client.answer(id, WAIT);
        rows.tried(STDIO, "an unknown tool", BadInputRows.outcome(error), () -> {
            assertError(error, -32602, "Unknown tool");
            assertThat(error.at("/error/data").asText()).as("the data names the tool").contains("prove-riemann");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void toolArgumentsThatAreNoObject() throws Exception {
        int id = ids.incrementAndGet();
        client.send(Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call",
                "params", Map.of("name", "execute-lean", "arguments", List.of("def f := 37"))));
        JsonNode error = client.answer(id, WAIT);
        rows.tried(STDIO, "tool arguments an array, not an object", BadInputRows.outcome(error), () -> {
            assertError(error, -32602, "params.arguments must be an object", "got an array");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aLineOfSeventeenMebibytes() throws Exception {
        int id = ids.incrementAndGet();
        client.line("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"execute-lean\","
                + "\"arguments\":{\"code\":\"-- " + "x".repeat(17 << 20) + "\"}}}");
        JsonNode error = client.answer(id, WAIT);
        rows.tried(STDIO, "a line of 17 MiB (over the 16 MiB line limit)", BadInputRows.outcome(error), () -> {
            assertError(error, -32600, "message of more than " + StdioLineGuard.MAX_LINE_BYTES + " bytes refused");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aRawNulByteInALine() throws Exception {
        byte[] line = ("{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"execute-lean\",\"arguments\":{\"code\":\"def f := 37\0\"}}}").getBytes(StandardCharsets.UTF_8);
        client.line(line);
        JsonNode error = client.answer(null, WAIT);
        rows.tried(STDIO, "a raw NUL byte in a line", BadInputRows.outcome(error), () -> {
            assertError(error, -32700, "Parse error: the line is not JSON", "CTRL-CHAR, code 0");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void invalidUtf8InALine() throws Exception {
        byte[] head = ("{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"execute-lean\",\"arguments\":{\"code\":\"def f := ").getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[head.length + 6];
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(new byte[] {(byte) 0xC3, (byte) 0x28, '"', '}', '}', '}'}, 0, line, head.length, 6);
        client.line(line);
        JsonNode error = client.answer(null, WAIT);
        rows.tried(STDIO, "invalid UTF-8 bytes in a line", BadInputRows.outcome(error), () -> {
            assertError(error, -32700, "the line is not valid UTF-8");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void twoCallsInFlightWithTheSameId() throws Exception {
        int id = ids.incrementAndGet();
        // The first runs for half a second: the second arrives while it is in flight.
        client.send(ServerProcess.toolCall(id, "execute-lean", Map.of("code",
                LeanInputs.directive("sleep 500") + LeanInputs.directive("say info first") + "def a := 1")));
        client.send(ServerProcess.toolCall(id, "execute-lean", Map.of("code", LeanInputs.directive("say info second") + "def b := 2")));
        JsonNode first = client.answer(id, WAIT);
        JsonNode second = client.answer(id, WAIT);
        JsonNode refused = first.has("error") ? first : second;
        JsonNode answered = first.has("error") ? second : first;
        rows.tried(STDIO, "a second tools/call with the id of one in flight", BadInputRows.outcome(refused), () -> {
            assertError(refused, -32600, "is the id of a tools/call still running");
            assertThat(answered.at("/result/structuredContent/diagnostics").findValuesAsText("message"))
                    .as("the first call is answered, and only it ran").contains("first").doesNotContain("second");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aCallBeforeInitialize() throws Exception {
        try (ServerProcess fresh = ServerProcess.serve(dir.resolve("fresh-stderr.log"), List.of("-Djava.io.tmpdir=" + tmp()), true,
                "--image", ServerProcess.IMAGE, "--pool-size", "1", "--timeout", "20")) {
            StdioClient early = new StdioClient(fresh);
            early.send(ServerProcess.toolCall(7, "execute-lean", Map.of("code", LeanInputs.accepted())));
            early.initialize("BadInputStdioIT-early");
            JsonNode answer = early.answer(7, Duration.ofSeconds(90));
            rows.tried(STDIO, "tools/call before initialize", BadInputRows.outcome(answer) + " (served, as after initialize)", () -> {
                assertThat(answer.at("/result/structuredContent/status").asText()).as("%s", answer).isEqualTo("SUCCESS");
                early.send(ServerProcess.toolCall(8, "execute-lean", Map.of("code", LeanInputs.accepted())));
                assertThat(early.answer(8, WAIT).at("/result/structuredContent/status").asText()).isEqualTo("SUCCESS");
                fresh.closeStdin();
                assertThat(fresh.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(fresh.process().exitValue()).isZero();
                assertThat(BadInputRows.containersOf(fresh.process().pid())).isZero();
            });
        }
    }

    // --- tool arguments ------------------------------------------------------------------------------

    @Test
    void codeMissing() throws Exception {
        JsonNode answer = call("execute-lean", Map.of());
        rows.tried(STDIO, "execute-lean without code", BadInputRows.outcome(answer), () -> {
            assertToolError(answer, "required property 'code' not found");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void codeNotAString() throws Exception {
        JsonNode answer = call("execute-lean", Map.of("code", 37));
        rows.tried(STDIO, "execute-lean with code a number", BadInputRows.outcome(answer), () -> {
            assertToolError(answer, "/code: integer found, string expected");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void codeOnlyWhitespace() throws Exception {
        JsonNode answer = call("execute-lean", Map.of("code", " \n\t \r\n"));
        rows.tried(SOURCE, "execute-lean: code that is only whitespace", BadInputRows.outcome(answer), () -> {
            assertToolError(answer, "argument 'code' is empty");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aNegativeTimeout() throws Exception {
        JsonNode answer = call("execute-lean", Map.of("code", LeanInputs.accepted(), "timeout", -1));
        rows.tried(STDIO, "timeout -1", BadInputRows.outcome(answer), () -> {
            assertToolError(answer, "/timeout: must have an exclusive minimum value of 0");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aTimeoutTooLargeForADouble() throws Exception {
        int id = ids.incrementAndGet();
        client.line("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"execute-lean\","
                + "\"arguments\":{\"code\":\"def f := 37\",\"timeout\":1e400}}}");
        JsonNode error = client.answer(id, WAIT);
        rows.tried(STDIO, "timeout 1e400 (beyond any double)", BadInputRows.outcome(error), () -> {
            assertError(error, -32602, "params.arguments.timeout is a number too large");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aHugeTimeoutIsCappedByTheServersLimit() throws Exception {
        JsonNode answer = call("execute-lean", Map.of("code", LeanInputs.accepted(), "timeout", 1e12));
        rows.tried(STDIO, "timeout 1e12 seconds (capped by the configured limit)", BadInputRows.outcome(answer), () -> {
            assertThat(answer.at("/result/structuredContent/status").asText()).as("%s", answer).isEqualTo("SUCCESS");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aTimeoutGivenAsAString() throws Exception {
        JsonNode answer = call("execute-lean", Map.of("code", LeanInputs.accepted(), "timeout", "10"));
        rows.tried(STDIO, "timeout \"10\" (a string)", BadInputRows.outcome(answer), () -> {
            assertToolError(answer, "/timeout: string found, number expected");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aSessionThatDoesNotExist() throws Exception {
        JsonNode answer = call("apply-tactic", Map.of("session_id", "no-such-session", "proof_state", 0, "tactic", "rfl"));
        rows.tried(STDIO, "apply-tactic on a session that does not exist", BadInputRows.outcome(answer), () -> {
            assertToolError(answer, "Unknown session: no open session 'no-such-session'");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void cleanupOfASessionThatDoesNotExist() throws Exception {
        JsonNode answer = call("cleanup-session", Map.of("session_id", "no-such-session"));
        rows.tried(STDIO, "cleanup-session of an id no session has", BadInputRows.outcome(answer), () -> {
            assertThat(answer.at("/result/isError").asBoolean()).as("the original's answer, no error").isFalse();
            assertThat(answer.at("/result/structuredContent/closed").asBoolean()).isFalse();
            assertThat(answer.at("/result/content/0/text").asText()).contains("No session found with ID no-such-session");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aNegativeProofState() throws Exception {
        JsonNode answer = call("apply-tactic", Map.of("session_id", "s", "proof_state", -1, "tactic", "rfl"));
        rows.tried(STDIO, "apply-tactic with proof_state -1", BadInputRows.outcome(answer), () -> {
            assertToolError(answer, "/proof_state: must have a minimum value of 0");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aProofStateTheReplNeverHandedOut() throws Exception {
        JsonNode opened = call("execute-lean-persistent", Map.of("code", LeanInputs.accepted(), "session_id", "bad-input"));
        assertThat(opened.at("/result/isError").asBoolean()).as("%s", opened).isFalse();
        JsonNode answer = call("apply-tactic", Map.of("session_id", "bad-input", "proof_state", 99, "tactic", "rfl"));
        rows.tried(STDIO, "apply-tactic on a proof state the REPL never handed out", BadInputRows.outcome(answer), () -> {
            assertToolError(answer, "Unknown proof state.");
            assertThat(answer.at("/result/structuredContent/outcome").asText()).isEqualTo("no_verdict");
            JsonNode again = call("execute-lean-persistent", Map.of("code", LeanInputs.accepted(), "session_id", "bad-input"));
            assertThat(again.at("/result/isError").asBoolean()).as("the session goes on: %s", again).isFalse();
            assertThat(call("cleanup-session", Map.of("session_id", "bad-input")).at("/result/structuredContent/closed").asBoolean()).isTrue();
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aSessionIdOfTheWrongType() throws Exception {
        JsonNode answer = call("execute-lean-persistent", Map.of("code", LeanInputs.accepted(), "session_id", 5));
        rows.tried(STDIO, "execute-lean-persistent with session_id a number", BadInputRows.outcome(answer), () -> {
            assertToolError(answer, "/session_id: integer found");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aMisspeltArgument() throws Exception {
        JsonNode answer = call("check-proof", Map.of("code", LeanInputs.accepted(), "sessionId", "x"));
        rows.tried(STDIO, "check-proof with an unknown argument (sessionId)", BadInputRows.outcome(answer), () -> {
            assertToolError(answer, "property 'sessionId' is not defined in the schema");
            assertThat(stillServes()).isTrue();
        });
    }

    // --- Lean sources through execute-lean ------------------------------------------------------------

    @Test
    void fiveMebibytesOfCode() throws Exception {
        JsonNode answer = call("execute-lean", Map.of("code", "-- " + "x".repeat(5 << 20)));
        rows.tried(SOURCE, "execute-lean: 5 MiB of code (over max_source_bytes)", BadInputRows.outcome(answer), () -> {
            assertToolError(answer, "Invalid Lean source: the source is 5242883 bytes, over the limit of 1048576 (setting max_source_bytes)");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aNulCharacterInTheCode() throws Exception {
        JsonNode answer = call("execute-lean", Map.of("code", "def f := 37\u0000"));
        rows.tried(SOURCE, "execute-lean: a NUL character (\\u0000) in the code", BadInputRows.outcome(answer), () -> {
            assertToolError(answer, "the source contains a NUL character at line 1, column 11");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aLoneSurrogateInTheCode() throws Exception {
        int id = ids.incrementAndGet();
        client.line("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"execute-lean\","
                + "\"arguments\":{\"code\":\"def f := 37 -- \\ud800\"}}}");
        JsonNode answer = client.answer(id, WAIT);
        rows.tried(SOURCE, "execute-lean: a lone UTF-16 surrogate (\\ud800) in the code", BadInputRows.outcome(answer), () -> {
            assertToolError(answer, "the source is not valid Unicode (an unpaired surrogate)");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void anImportTheImportPolicyRefuses() throws Exception {
        JsonNode answer = call("execute-lean", Map.of("code", "import Foo.Bar\n" + LeanInputs.accepted()));
        rows.tried(SOURCE, "execute-lean: import of a module not allowed (import Foo.Bar)", BadInputRows.outcome(answer), () -> {
            assertToolError(answer, "import Foo.Bar is not allowed (allowed_imports: Lean, Init, Std, Mathlib)");
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aVeryLongSingleLine() throws Exception {
        String code = "-- " + "y".repeat(900 << 10) + "\n" + LeanInputs.directive("say info after the long line");
        JsonNode answer = call("execute-lean", Map.of("code", code));
        rows.tried(SOURCE, "execute-lean: a single line of 900 KiB", BadInputRows.outcome(answer), () -> {
            assertThat(answer.at("/result/structuredContent/status").asText()).as("%s", answer).isEqualTo("SUCCESS");
            JsonNode info = answer.at("/result/structuredContent/diagnostics/0");
            assertThat(info.get("message").asText()).isEqualTo("after the long line");
            assertThat(info.get("line").asInt()).as("the whole line arrived").isEqualTo(2);
            assertThat(stillServes()).isTrue();
        });
    }

    @Test
    void aHundredThousandLinesOfComments() throws Exception {
        String code = "-- c\n".repeat(100_000) + LeanInputs.directive("say info the last line");
        JsonNode answer = call("execute-lean", Map.of("code", code));
        rows.tried(SOURCE, "execute-lean: 100,000 lines of comments", BadInputRows.outcome(answer), () -> {
            assertThat(answer.at("/result/structuredContent/status").asText()).as("%s", answer).isEqualTo("SUCCESS");
            JsonNode info = answer.at("/result/structuredContent/diagnostics/0");
            assertThat(info.get("message").asText()).isEqualTo("the last line");
            assertThat(info.get("line").asInt()).as("every line arrived").isEqualTo(100_001);
            assertThat(stillServes()).isTrue();
        });
    }

    // --- helpers ---------------------------------------------------------------------------------------

    /** A tools/call and its response. */
    private static JsonNode call(String tool, Map<String, Object> arguments) throws Exception {
        int id = ids.incrementAndGet();
        client.send(ServerProcess.toolCall(id, tool, new HashMap<>(arguments)));
        return client.answer(id, WAIT);
    }

    /** Whether a valid call in the same server process is answered correctly: def f := 37, accepted (transcript def_eval). */
    private static boolean stillServes() throws Exception {
        JsonNode answer = call("execute-lean", Map.of("code", LeanInputs.accepted()));
        assertThat(answer.at("/result/structuredContent/status").asText()).as("the next valid call: %s", answer).isEqualTo("SUCCESS");
        assertThat(answer.at("/result/structuredContent/diagnostics")).isEmpty();
        return server.process().isAlive();
    }

    private static void assertError(JsonNode response, int code, String... inMessage) {
        assertThat(response.has("error")).as("an error response: %s", response).isTrue();
        assertThat(response.at("/error/code").asInt()).as("%s", response).isEqualTo(code);
        assertThat(response.at("/error/message").asText()).contains(inMessage).doesNotContain("Exception", "\tat ");
    }

    private static void assertToolError(JsonNode response, String inText) {
        assertThat(response.at("/result/isError").asBoolean()).as("an isError result: %s", response).isTrue();
        assertThat(response.at("/result/content/0/text").asText()).contains(inText).doesNotContain("Exception", "\tat ");
    }
}
