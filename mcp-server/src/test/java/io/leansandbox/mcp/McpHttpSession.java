package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One MCP client over raw streamable HTTP, with its own connection and MCP session, for tests that
 * must see exactly how each call ended: a JSON-RPC response, a broken connection, or nothing within
 * a bound (a call that hangs). Sends the bearer token on every request.
 */
final class McpHttpSession implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION_HEADER = "Mcp-Session-Id";

    /**
     * How one call ended: {@code message} is its JSON-RPC response when one came; otherwise
     * {@code failure} says how the exchange broke, or {@code timedOut} that nothing came in time.
     */
    record Reply(long startNanos, long endNanos, JsonNode message, Throwable failure, boolean timedOut) {

        boolean answered() {
            return message != null && message.has("result");
        }

        boolean rpcError() {
            return message != null && message.has("error");
        }

        /** Neither an answer nor an error: the exchange broke (the connection closed, the stream ended early). */
        boolean broken() {
            return message == null && !timedOut;
        }

        JsonNode result() {
            return message == null ? null : message.get("result");
        }

        boolean isError() {
            return answered() && result().path("isError").asBoolean();
        }

        /** The run's status (structured content), or "" when the result has none. */
        String status() {
            return answered() ? result().at("/structuredContent/status").asText("") : "";
        }

        String text() {
            return answered() ? result().at("/content/0/text").asText("") : "";
        }

        Duration took() {
            return Duration.ofNanos(endNanos - startNanos);
        }

        /** An isError result whose cause lies outside the code: the sandbox or Docker failed, or no sandbox could be had. */
        boolean infrastructureError() {
            return isError() && ("INFRASTRUCTURE_ERROR".equals(status()) || text().startsWith("Lean is unavailable:"));
        }

        /**
         * Why an isError result has no verdict, in one line: its {@code error} field (the tactic tools), else its
         * {@code Error:} line (the run tools), else its first line (a failure before any run: "Lean is unavailable: ...").
         */
        String errorLine() {
            JsonNode error = result().at("/structuredContent/error");
            if (error.isTextual()) {
                return error.asText();
            }
            String text = text();
            return text.lines().filter(l -> l.startsWith("Error: ")).map(l -> l.substring("Error: ".length())).findFirst()
                    .orElse(text.lines().findFirst().orElse(""));
        }

        /** What came back, in a few words: the status (or a tactic's outcome), or why there is none. */
        String brief() {
            if (timedOut) {
                return "no answer";
            }
            if (failure != null) {
                return "connection: " + failure;
            }
            if (rpcError()) {
                return "error " + message.at("/error/code").asInt() + ": " + message.at("/error/message").asText();
            }
            if (isError()) {
                return "isError: " + errorLine();
            }
            return status().isEmpty() ? result().at("/structuredContent/outcome").asText("") : status();
        }
    }

    private final HttpClient http;
    private final URI endpoint;
    private final String token;
    private final String session;
    private final AtomicInteger ids = new AtomicInteger(1);

    private McpHttpSession(HttpClient http, URI endpoint, String token, String session) {
        this.http = http;
        this.endpoint = endpoint;
        this.token = token;
        this.session = session;
    }

    /** Connects, initializes an MCP session and sends notifications/initialized. */
    static McpHttpSession open(URI endpoint, String token, String clientName) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> init = http.send(request(endpoint, token, null, Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize",
                        "params", Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(),
                                "clientInfo", Map.of("name", clientName, "version", "1")))).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(init.statusCode()).as("initialize: %s", init.body()).isEqualTo(200);
        McpHttpSession client = new McpHttpSession(http, endpoint, token, init.headers().firstValue(SESSION_HEADER).orElseThrow());
        HttpResponse<String> initialized = http.send(request(endpoint, token, client.session,
                Map.of("jsonrpc", "2.0", "method", "notifications/initialized")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(initialized.statusCode()).as("notifications/initialized: %s", initialized.body()).isEqualTo(202);
        return client;
    }

    /** A tools/call and how it ended, waiting at most {@code wait} for its response. */
    Reply call(String tool, Map<String, Object> arguments, Duration wait) {
        int id = ids.incrementAndGet();
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> sent;
        try {
            sent = http.sendAsync(request(endpoint, token, session, ServerProcess.toolCall(id, tool, arguments)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Reply(start, System.nanoTime(), null, e, false);
        }
        try {
            HttpResponse<String> response = sent.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            long end = System.nanoTime();
            JsonNode message = responseIn(response, id);
            return message != null ? new Reply(start, end, message, null, false)
                    : new Reply(start, end, null, new IOException("HTTP " + response.statusCode() + " without a response to "
                    + id + ": " + shorten(response.body())), false);
        } catch (TimeoutException e) {
            sent.cancel(true);
            return new Reply(start, System.nanoTime(), null, null, true);
        } catch (ExecutionException e) {
            return new Reply(start, System.nanoTime(), null, e.getCause(), false);
        } catch (IOException e) {
            return new Reply(start, System.nanoTime(), null, e, false); // a body that is not JSON
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(start, System.nanoTime(), null, e, false);
        }
    }

    /** The {@code structuredContent} of a tools/call that must succeed. */
    JsonNode fields(String tool, Map<String, Object> arguments) {
        Reply reply = call(tool, arguments, Duration.ofSeconds(60));
        assertThat(reply.answered()).as("%s: %s", tool, reply.brief()).isTrue();
        assertThat(reply.isError()).as("%s: %s", tool, reply.text()).isFalse();
        return reply.result().get("structuredContent");
    }

    /** Ends the MCP session (DELETE), which closes its Lean sessions; a server already gone is fine. */
    @Override
    public void close() {
        try {
            HttpRequest.Builder delete = HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + token)
                    .header(SESSION_HEADER, session).timeout(Duration.ofSeconds(10)).DELETE();
            http.send(delete.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the server is gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode responseIn(HttpResponse<String> response, int id) throws IOException {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("text/event-stream")) {
            JsonNode message = response.body().isBlank() ? null : JSON.readTree(response.body());
            return message != null && message.path("id").asInt(-1) == id ? message : null;
        }
        for (String line : response.body().lines().toList()) {
            if (line.startsWith("data:")) {
                JsonNode message = JSON.readTree(line.substring("data:".length()));
                if (message.path("id").asInt(-1) == id) {
                    return message;
                }
            }
        }
        return null;
    }

    private static HttpRequest.Builder request(URI endpoint, String token, String session, Map<String, Object> message) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(message)));
        if (session != null) {
            builder.header(SESSION_HEADER, session);
        }
        return builder;
    }

    private static String shorten(String text) {
        String line = text.strip().replace('\n', ' ');
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }
}
