package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A JSON-RPC client of {@link LeanMcpServer} over in-memory pipes: the server as an MCP client sees it. */
final class McpClientPipe implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutputStream toServer;
    private final BlockingQueue<String> fromServer = new LinkedBlockingQueue<>();
    private final Map<Integer, JsonNode> received = new HashMap<>();
    private final CompletableFuture<Void> serving;
    private int nextId = 1;

    /** A client that has initialized its session. */
    McpClientPipe(CodeRunner engine) throws Exception {
        this(engine, true);
    }

    /** A client connected to a new server session; {@code initialize} says whether it initializes it now. */
    McpClientPipe(CodeRunner engine, boolean initialize) throws Exception {
        Pipe requests = Pipe.open();
        Pipe responses = Pipe.open();
        toServer = Channels.newOutputStream(requests.sink());
        serving = CompletableFuture.runAsync(() -> {
            try {
                LeanMcpServer.serveUntilSessionEnds(Channels.newInputStream(requests.source()),
                        Channels.newOutputStream(responses.sink()), engine);
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
        }, "mcp-client-pipe");
        reader.setDaemon(true);
        reader.start();
        if (initialize) {
            initialize();
        }
    }

    /** Initializes the session (request id 1) and returns the server's result. */
    JsonNode initialize() throws Exception {
        JsonNode initialized = request("initialize", Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "test", "version", "1")));
        assertThat(initialized.at("/result/serverInfo/name").asText()).isEqualTo("lean-sandbox");
        send(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
        return initialized.get("result");
    }

    /** Sends a request and waits for its response. */
    JsonNode request(String method, Map<String, Object> params) throws Exception {
        int id = nextId++;
        send(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
        return response(id);
    }

    /** The {@code result} of a {@code tools/call}. */
    JsonNode call(String tool, Map<String, Object> arguments) throws Exception {
        JsonNode response = request("tools/call", Map.of("name", tool, "arguments", arguments));
        assertThat(response.has("error")).as("%s", response).isFalse();
        return response.get("result");
    }

    /** Sends a message without waiting for an answer. */
    void send(Map<String, Object> message) throws IOException {
        sendLine(JSON.writeValueAsString(message));
    }

    /** Sends one line as it is, JSON or not. */
    void sendLine(String line) throws IOException {
        toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        toServer.flush();
    }

    /** The next line the server writes within {@code millis}, or null. */
    String nextLine(long millis) throws InterruptedException {
        return fromServer.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Ends the server's input, as a client that closes stdin does. */
    void endInput() throws IOException {
        toServer.close();
    }

    /** The server's session: done once it has ended. */
    CompletableFuture<Void> serving() {
        return serving;
    }

    /** The response with this id (responses to concurrent calls may come in any order). */
    JsonNode response(int id) throws Exception {
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

    @Override
    public void close() throws Exception {
        toServer.close();
        serving.get(10, TimeUnit.SECONDS);
    }
}
