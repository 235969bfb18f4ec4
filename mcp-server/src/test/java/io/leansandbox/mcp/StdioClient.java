package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A raw JSON-RPC client of a {@link ServerProcess}: sends lines as they are (not JSON, not UTF-8,
 * NUL bytes, many MiB) and waits for the response with a given id, an error or not.
 */
final class StdioClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerProcess server;
    private final OutputStream stdin;
    /** Responses that came while another was awaited, by id, in arrival order. */
    private final Map<JsonNode, Deque<JsonNode>> unclaimed = new HashMap<>();

    StdioClient(ServerProcess server) {
        this.server = server;
        this.stdin = server.process().getOutputStream();
    }

    void send(Map<String, Object> message) throws IOException {
        line(JSON.writeValueAsBytes(message));
    }

    void line(String text) throws IOException {
        line(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code bytes}, then a newline. */
    void line(byte[] bytes) throws IOException {
        synchronized (stdin) {
            stdin.write(bytes);
            stdin.write('\n');
            stdin.flush();
        }
    }

    /**
     * The next response whose id equals {@code id} (null: an error about a message whose id could not
     * be read); every line on stdout must be JSON-RPC; notifications and other responses are skipped.
     */
    JsonNode answer(Object id, Duration wait) throws Exception {
        JsonNode wanted = JSON.valueToTree(id);
        Deque<JsonNode> kept = unclaimed.get(wanted);
        if (kept != null && !kept.isEmpty()) {
            return kept.removeFirst();
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            String line = server.pollLine();
            if (line == null) {
                Thread.sleep(5);
                continue;
            }
            JsonNode message = JSON.readTree(line);
            assertThat(message.path("jsonrpc").asText()).as("stdout line: %s", line).isEqualTo("2.0");
            if (!message.has("id") || !(message.has("result") || message.has("error"))) {
                continue; // a notification, or a request of the server's
            }
            if (message.get("id").equals(wanted)) {
                return message;
            }
            unclaimed.computeIfAbsent(message.get("id"), k -> new ArrayDeque<>()).addLast(message);
        }
        throw new AssertionError("no response " + wanted + " within " + wait);
    }

    /** Sends initialize (request id 1) and notifications/initialized; the server's result. */
    JsonNode initialize(String clientName) throws Exception {
        send(Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of(
                "protocolVersion", "2025-06-18", "capabilities", Map.of(),
                "clientInfo", Map.of("name", clientName, "version", "1"))));
        JsonNode initialized = answer(1, Duration.ofSeconds(20));
        assertThat(initialized.at("/result/serverInfo/name").asText()).as("%s", initialized).isEqualTo("lean-sandbox");
        send(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
        return initialized;
    }
}
