package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.SandboxUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's JSON-RPC as a client sees it, over in-memory pipes, with a stand-in for the engine. */
class LeanMcpServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OutputStream toServer;
    private final BlockingQueue<String> fromServer = new LinkedBlockingQueue<>();
    private final Map<Integer, JsonNode> received = new HashMap<>();
    private CompletableFuture<Void> serving;

    private void serve(CodeRunner runner) throws IOException {
        Pipe requests = Pipe.open();
        Pipe responses = Pipe.open();
        toServer = Channels.newOutputStream(requests.sink());
        serving = CompletableFuture.runAsync(() -> {
            try {
                LeanMcpServer.serveUntilSessionEnds(Channels.newInputStream(requests.source()),
                        Channels.newOutputStream(responses.sink()), runner);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(responses.source()), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    fromServer.add(line);
                }
            } catch (IOException e) {
                // the server closed its end
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    @AfterEach
    void endSession() throws IOException {
        if (toServer != null) {
            toServer.close();
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
        assertThat(result.at("/content/0/text").asText()).isEqualTo(ResultText.render(Results.leanError()));
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
        assertThat(fromServer.poll(300, TimeUnit.MILLISECONDS)).as("the call waits for the engine").isNull();

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
        toServer.close();
        serving.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLineThatIsNotJsonRpcGetsAParseErrorAndTheSessionGoesOn() throws Exception {
        // The SDK alone would end the session at such a line; StdioLineGuard answers it instead.
        serve(code -> Results.success());
        initialize();
        toServer.write("this is not json\n".getBytes(StandardCharsets.UTF_8));
        toServer.flush();
        JsonNode error = JSON.readTree(fromServer.poll(10, TimeUnit.SECONDS));
        assertThat(error.get("id").isNull()).as("%s", error).isTrue();
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32700);
        send(call(2, Map.of("code", "def f := 37")));
        assertThat(response(2).at("/result/structuredContent/status").asText()).isEqualTo("SUCCESS");
        assertThat(serving).isNotDone();
    }

    private void initialize() throws Exception {
        send(Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of(
                "protocolVersion", "2025-06-18", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "test", "version", "1"))));
        JsonNode result = response(1).get("result");
        assertThat(result.at("/serverInfo/name").asText()).isEqualTo("lean-sandbox");
        assertThat(result.at("/capabilities/tools").isObject()).isTrue();
        send(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
    }

    private static Map<String, Object> call(int id, Map<String, Object> arguments) {
        return Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call",
                "params", Map.of("name", "execute-lean", "arguments", arguments));
    }

    private void send(Map<String, Object> message) throws IOException {
        toServer.write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        toServer.flush();
    }

    /** The response with this id (responses to concurrent calls may come in any order). */
    private JsonNode response(int id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!received.containsKey(id)) {
            String line = fromServer.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(line).as("response %d", id).isNotNull();
            JsonNode message = JSON.readTree(line);
            if (message.has("id")) {
                received.put(message.get("id").asInt(), message);
            }
        }
        return received.get(id);
    }
}
