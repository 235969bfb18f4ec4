package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.SandboxUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's JSON-RPC as a client sees it, over in-memory pipes, with a stand-in for the engine. */
class LeanMcpServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private McpClientPipe client;

    private void serve(CodeRunner runner) throws Exception {
        client = new McpClientPipe(runner, false);
    }

    @AfterEach
    void endSession() throws IOException {
        if (client != null) {
            client.endInput();
        }
    }

    @Test
    void initializeListAndCall() throws Exception {
        serve(code -> Results.leanError());
        initialize();

        send(Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/list"));
        JsonNode tool = response(2).at("/result/tools/0");
        assertThat(tool.get("name").asText()).isEqualTo("execute-lean");
        assertThat(tool.at("/outputSchema/properties/status/type").asText()).isEqualTo("string");

        send(call(3, Map.of("code", "def f : Nat := by apply Nat.succ")));
        JsonNode result = response(3).get("result");
        assertThat(result.get("isError").asBoolean()).as("%s", result).isFalse();
        assertThat(result.at("/content/0/text").asText()).isEqualTo(ResultText.seed(Results.leanError()));
        assertThat(result.at("/structuredContent/status").asText()).isEqualTo("ERROR");
        assertThat(result.at("/structuredContent/diagnostics/0/line").asInt()).isEqualTo(1);
        assertThat(result.at("/structuredContent/diagnostics/0/end_column").asInt()).isEqualTo(32);
    }

    @Test
    void badArgumentsAreToolErrorsAndTheServerKeepsServing() throws Exception {
        serve(code -> Results.success());
        initialize();
        send(call(2, Map.of()));
        send(call(3, Map.of("code", 42)));
        send(call(4, Map.of("code", "")));
        assertThat(response(2).at("/result/isError").asBoolean()).isTrue();
        assertThat(response(2).at("/result/content/0/text").asText()).contains("code");
        assertThat(response(3).at("/result/isError").asBoolean()).isTrue();
        assertThat(response(4).at("/result/content/0/text").asText()).contains("'code' is empty");
        send(call(5, Map.of("code", "def f := 37")));
        assertThat(response(5).at("/result/structuredContent/status").asText()).isEqualTo("SUCCESS");
    }

    @Test
    void initializeIsAnsweredWhileTheEngineIsStillStarting() throws Exception {
        CountDownLatch engineStarts = new CountDownLatch(1);
        BackgroundEngine engine = BackgroundEngine.start(() -> {
            try {
                engineStarts.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SandboxUnavailableException("the image 'x' is not in the Docker daemon");
        }, Duration.ofSeconds(30));
        serve(engine);
        initialize();
        send(call(2, Map.of("code", "def f := 37")));
        assertThat(client.nextLine(300)).as("the call waits for the engine").isNull();

        engineStarts.countDown();
        JsonNode result = response(2).get("result");
        assertThat(result.get("isError").asBoolean()).isTrue();
        assertThat(result.at("/content/0/text").asText()).isEqualTo("Lean is unavailable: the image 'x' is not in the Docker daemon");
        engine.close();
    }

    @Test
    void theSessionEndsWhenInputEnds() throws Exception {
        serve(code -> Results.success());
        initialize();
        client.endInput();
        client.serving().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLineThatIsNotJsonRpcGetsAParseErrorAndTheSessionGoesOn() throws Exception {
        // The SDK alone would end the session at such a line; StdioLineGuard answers it instead.
        serve(code -> Results.success());
        initialize();
        client.sendLine("this is not json");
        JsonNode error = JSON.readTree(client.nextLine(10_000));
        assertThat(error.get("id").isNull()).as("%s", error).isTrue();
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32700);
        send(call(2, Map.of("code", "def f := 37")));
        assertThat(response(2).at("/result/structuredContent/status").asText()).isEqualTo("SUCCESS");
        assertThat(client.serving()).isNotDone();
    }

    private void initialize() throws Exception {
        assertThat(client.initialize().at("/capabilities/tools").isObject()).isTrue();
    }

    private static Map<String, Object> call(int id, Map<String, Object> arguments) {
        return Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call",
                "params", Map.of("name", "execute-lean", "arguments", arguments));
    }

    private void send(Map<String, Object> message) throws IOException {
        client.send(message);
    }

    private JsonNode response(int id) throws Exception {
        return client.response(id);
    }
}
