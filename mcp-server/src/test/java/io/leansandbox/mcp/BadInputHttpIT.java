package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.testing.LeanInputs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed input and other clients' sessions through the MCP server's streamable HTTP front door:
 * the server in-process over a real engine (the Docker daemon, the stand-in image), raw HTTP. Each
 * case asserts a JSON-RPC error that names the cause (never the SDK's serialised Java exception),
 * then that the next valid call is answered correctly. Lean's verdicts come from the recorded
 * transcript def_eval ({@code def f := 37}: accepted); HttpCallsIT covers ownership with the SDK's
 * own client.
 */
class BadInputHttpIT {

    private static final String CATEGORY = "bad input (MCP HTTP)";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LeanSandbox engine;
    private static HttpMcpServer server;
    private static BadInputRows rows;
    private static Client alice;
    private static Client bob;
    private static final AtomicInteger ids = new AtomicInteger(10);

    @BeforeAll
    static void start() throws Exception {
        rows = new BadInputRows("bad-input-mcp-http");
        engine = LeanSandbox.start(Settings.defaults().toBuilder()
                .image(ServerProcess.IMAGE)
                .timeout(Duration.ofSeconds(20))
                .pool(new PoolSettings(true, 1, Duration.ofSeconds(600), 1, 4, Duration.ofSeconds(60)))
                .build());
        server = HttpMcpServer.start(HttpAddress.parse("127.0.0.1:0"), true, null, LeanEngine.over(() -> engine));
        alice = Client.open("alice");
        bob = Client.open("bob");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
            if (engine != null) {
                engine.close();
            }
            int left = BadInputRows.containersOf(ProcessHandle.current().pid());
            rows.leaked("the HTTP server's engine after every bad input", left);
            assertThat(left).isZero();
        } finally {
            rows.close();
        }
    }

    @Test
    void aBodyThatIsNotJson() throws Exception {
        HttpResponse<String> response = alice.post("this is not JSON");
        rows.tried(CATEGORY, "a POST body that is not JSON", outcome(response), () -> {
            assertError(response, 400, -32700, "Parse error: the body is not JSON");
            stillServes();
        });
    }

    @Test
    void aBatch() throws Exception {
        HttpResponse<String> response = alice.post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]");
        rows.tried(CATEGORY, "a POST body that is a JSON array (a batch)", outcome(response), () -> {
            assertError(response, 400, -32600, "batches are not supported");
            stillServes();
        });
    }

    @Test
    void aFirstRequestThatIsNotJson() throws Exception {
        HttpResponse<String> response = Client.post(null, "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\", ");
        rows.tried(CATEGORY, "an initialize body that is cut off (no MCP session yet)", outcome(response), () -> {
            assertError(response, 400, -32700, "Parse error: the body is not JSON: Unexpected end-of-input");
            stillServes();
        });
    }

    @Test
    void anMcpSessionThatDoesNotExist() throws Exception {
        HttpResponse<String> response = Client.post("no-such-mcp-session",
                JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 3, "method", "ping")));
        rows.tried(CATEGORY, "an Mcp-Session-Id that does not exist", outcome(response), () -> {
            assertError(response, 404, -32603, "Session not found: no-such-mcp-session");
            stillServes();
        });
    }

    @Test
    void toolsCallWithoutParams() throws Exception {
        int id = ids.incrementAndGet();
        HttpResponse<String> response = alice.post(JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call")));
        rows.tried(CATEGORY, "tools/call without params", outcome(response), () -> {
            assertError(response, 200, -32602, "tools/call needs params");
            assertThat(JSON.readTree(response.body()).get("id").asInt()).isEqualTo(id);
            stillServes();
        });
    }

    @Test
    void toolArgumentsThatAreAString() throws Exception {
        HttpResponse<String> response = alice.post(JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", ids.incrementAndGet(),
                "method", "tools/call", "params", Map.of("name", "execute-lean", "arguments", "def f := 37"))));
        rows.tried(CATEGORY, "tool arguments a string, not an object", outcome(response), () -> {
            assertError(response, 200, -32602, "params.arguments must be an object", "got a string");
            stillServes();
        });
    }

    @Test
    void anotherClientsSession() throws Exception {
        JsonNode opened = alice.call("execute-lean-persistent", Map.of("code", LeanInputs.accepted(), "session_id", "alices"));
        assertThat(opened.at("/result/isError").asBoolean()).as("%s", opened).isFalse();
        JsonNode tactic = bob.call("apply-tactic", Map.of("session_id", "alices", "proof_state", 0, "tactic", "rfl"));
        JsonNode cleanup = bob.call("cleanup-session", Map.of("session_id", "alices"));
        rows.tried(CATEGORY, "apply-tactic and cleanup-session on another client's session",
                BadInputRows.outcome(tactic) + "; cleanup: closed " + cleanup.at("/result/structuredContent/closed").asBoolean(), () -> {
                    assertThat(tactic.at("/result/isError").asBoolean()).isTrue();
                    assertThat(tactic.at("/result/content/0/text").asText()).startsWith("Unknown session: no open session 'alices'");
                    assertThat(cleanup.at("/result/structuredContent/closed").asBoolean()).as("bob closes nothing").isFalse();
                    JsonNode again = alice.call("execute-lean-persistent", Map.of("code", LeanInputs.accepted(), "session_id", "alices"));
                    assertThat(again.at("/result/structuredContent/env").asInt()).as("alice's session goes on: %s", again).isEqualTo(1);
                    assertThat(alice.call("cleanup-session", Map.of("session_id", "alices")).at("/result/structuredContent/closed")
                            .asBoolean()).isTrue();
                    stillServes();
                });
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private static void stillServes() throws Exception {
        JsonNode answer = alice.call("execute-lean", Map.of("code", LeanInputs.accepted()));
        assertThat(answer.at("/result/structuredContent/status").asText()).as("the next valid call: %s", answer).isEqualTo("SUCCESS");
    }

    private static String outcome(HttpResponse<String> response) {
        try {
            return "HTTP " + response.statusCode() + ", " + BadInputRows.outcome(JSON.readTree(response.body()));
        } catch (Exception e) {
            return "HTTP " + response.statusCode() + ", " + BadInputRows.shorten(response.body());
        }
    }

    private static void assertError(HttpResponse<String> response, int status, int code, String... inMessage) throws Exception {
        assertThat(response.statusCode()).as("%s", response.body()).isEqualTo(status);
        assertThat(response.body()).as("no Java exception").doesNotContain("stackTrace", "Exception");
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(error.at("/error/code").asInt()).as("%s", error).isEqualTo(code);
        assertThat(error.at("/error/message").asText()).contains(inMessage);
    }

    /** An MCP session over raw HTTP. */
    private record Client(String session) {

        private static final HttpClient HTTP = HttpClient.newHttpClient();

        static Client open(String name) throws Exception {
            HttpResponse<String> init = post(null, JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize",
                    "params", Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(),
                            "clientInfo", Map.of("name", name, "version", "1")))));
            assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
            Client client = new Client(init.headers().firstValue(HttpCallFilter.SESSION_HEADER).orElseThrow());
            assertThat(client.post(JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "method", "notifications/initialized")))
                    .statusCode()).isEqualTo(202);
            return client;
        }

        HttpResponse<String> post(String body) throws Exception {
            return post(session, body);
        }

        /** A tools/call, and its JSON-RPC response (from the event stream, or a JSON body). */
        JsonNode call(String tool, Map<String, Object> arguments) throws Exception {
            int id = ids.incrementAndGet();
            HttpResponse<String> response = post(JSON.writeValueAsString(ServerProcess.toolCall(id, tool, arguments)));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            if (!response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
                return JSON.readTree(response.body());
            }
            for (String line : response.body().lines().toList()) {
                if (line.startsWith("data:")) {
                    JsonNode message = JSON.readTree(line.substring("data:".length()));
                    if (message.path("id").asInt(-1) == id) {
                        return message;
                    }
                }
            }
            throw new AssertionError("no response " + id + " in " + response.body());
        }

        static HttpResponse<String> post(String session, String body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (session != null) {
                request.header(HttpCallFilter.SESSION_HEADER, session);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
