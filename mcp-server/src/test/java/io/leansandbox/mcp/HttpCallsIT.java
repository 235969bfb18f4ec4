package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.config.Backend;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.lean.ImportPolicy;
import io.leansandbox.engine.session.SessionSettings;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.leansandbox.mcp.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP server in-process over a real engine (the Docker daemon, the stand-in image), driven by
 * the SDK's own Java client and by raw HTTP: Lean sessions belong to their MCP session; a cancelled
 * call, or one whose client went away, frees its sandbox at once; progress keeps coming during a run.
 * No verdict of Lean's is asserted here (the stand-in's default answers and fault directives only).
 */
class HttpCallsIT {

    private static final String IMAGE = System.getProperty("lean.test.image", "lean-sandbox/standin:latest");
    private static final String HANGS = "--! standin: hang\ndef f := 37";
    private static final int POOL = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LeanSandbox engine;
    private static HttpMcpServer server;
    private final List<McpSyncClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        engine = LeanSandbox.start(Settings.defaults().toBuilder()
                .backend(Backend.DOCKER)
                .image(IMAGE)
                .importPolicy(ImportPolicy.OPEN)
                .timeout(Duration.ofSeconds(20))
                .pool(new PoolSettings(true, POOL, Duration.ofSeconds(600), 2, 6, Duration.ofSeconds(60)))
                .sessions(new SessionSettings(8, Duration.ofMinutes(10)))
                .build());
        server = HttpMcpServer.start(HttpAddress.parse("127.0.0.1:0"), true, null, LeanEngine.over(() -> engine));
        awaitIdle(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(McpSyncClient::closeGracefully);
        clients.clear();
    }

    private McpSyncClient client(java.util.function.Consumer<ProgressNotification> progress) {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(base()).endpoint(HttpMcpServer.PATH).build())
                .requestTimeout(Duration.ofSeconds(30))
                .progressConsumer(progress)
                .build();
        client.initialize();
        clients.add(client);
        return client;
    }

    private static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(new CallToolRequest(tool, arguments));
    }

    @Test
    void twoClientsCannotSeeOrTouchEachOthersSessions() throws Exception {
        McpSyncClient alice = client(p -> {
        });
        McpSyncClient bob = client(p -> {
        });
        CallToolResult opened = call(alice, "execute-lean-persistent", Map.of("code", "def f := 37"));
        assertThat(opened.isError()).as(text(opened)).isFalse();
        String generated = (String) fields(opened).get("session_id");
        assertThat(call(alice, "execute-lean-persistent", Map.of("code", "def g := 1", "session_id", "main")).isError()).isFalse();

        // Bob sees none of them, and cannot close them.
        assertThat((List<?>) fields(call(bob, "list-sessions", Map.of())).get("sessions")).isEmpty();
        assertThat((List<?>) fields(call(bob, "status", Map.of())).get("sessions")).isEmpty();
        CallToolResult closing = call(bob, "cleanup-session", Map.of("session_id", generated));
        assertThat(fields(closing).get("closed")).as(text(closing)).isEqualTo(false);
        CallToolResult tactic = call(bob, "apply-tactic", Map.of("session_id", "main", "proof_state", 0, "tactic", "rfl"));
        assertThat(tactic.isError()).isTrue();
        assertThat(text(tactic)).contains("main");
        // Naming Alice's id opens a session of Bob's own under that name: Alice's is untouched.
        CallToolResult own = call(bob, "execute-lean-persistent", Map.of("code", "def h := 2", "session_id", "main"));
        assertThat(own.isError()).as(text(own)).isFalse();
        assertThat(fields(own).get("env")).as("a fresh REPL's first environment").isEqualTo(0);

        assertThat(ids(alice)).containsExactlyInAnyOrder(generated, "main");
        assertThat(ids(bob)).containsExactly("main");
        assertThat(commands(alice, "main")).isEqualTo(1);
        assertThat(call(alice, "cleanup-session", Map.of("session_id", generated)).isError()).isFalse();
        assertThat(engine.sessions().list()).hasSize(2); // Alice's main and Bob's main

        // The end of an MCP session closes its Lean sessions: nobody else could reach them.
        bob.closeGracefully();
        clients.remove(bob);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (engine.sessions().list().size() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(engine.sessions().list()).hasSize(1);
        assertThat(ids(alice)).containsExactly("main");
        call(alice, "cleanup-session", Map.of("session_id", "main"));
    }

    @Test
    void progressComesDuringAFiveSecondRun() {
        List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
        McpSyncClient client = client(progress::add);
        CallToolResult result = client.callTool(new CallToolRequest("execute-lean",
                Map.of("code", "--! standin: sleep 5000\ndef f := 37"), Map.of("progressToken", "five-seconds")));
        assertThat(result.isError()).as(text(result)).isFalse();
        assertThat(progress).hasSizeGreaterThanOrEqualTo(3);
        assertThat(progress).allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("five-seconds"));
        assertThat(progress).extracting(ProgressNotification::message).anyMatch(m -> m.startsWith("elaborating ("));
        assertThat(progress.get(progress.size() - 1).progress()).isGreaterThanOrEqualTo(4.0);
    }

    @Test
    void aCancelledCallFreesItsSandboxAtOnce() throws Exception {
        Raw raw = Raw.open();
        awaitIdle(Duration.ofSeconds(10));
        long created = engine.poolStats().created();
        int alive = engine.poolStats().alive();
        CompletableFuture<HttpResponse<String>> hanging = raw.postAsync(Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/call",
                "params", Map.of("name", "execute-lean", "arguments", Map.of("code", HANGS))));
        awaitBusy();
        raw.post(Map.of("jsonrpc", "2.0", "method", "notifications/cancelled", "params", Map.of("requestId", 2, "reason", "test")));
        long cancelled = System.nanoTime();
        HttpResponse<String> answer = hanging.get(2, TimeUnit.SECONDS);
        assertThat(answer.body()).contains("Cancelled");
        awaitIdle(Duration.ofSeconds(2));
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(2));
        assertThat(engine.poolStats().alive()).as("as many containers as before").isEqualTo(alive);
        assertThat(engine.poolStats().created()).as("reset and reused, not replaced").isEqualTo(created);
    }

    @Test
    void aClientThatGoesAwayMidCallFreesItsSandbox() throws Exception {
        Raw raw = Raw.open();
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 3, "method", "tools/call",
                "params", Map.of("name", "execute-lean", "arguments", Map.of("code", HANGS))));
        URI url = server.endpoint();
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + HttpMcpServer.PATH + " HTTP/1.1\r\nHost: localhost:" + url.getPort() + "\r\n"
                    + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                    + "Mcp-Session-Id: " + raw.session + "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            awaitBusy();
        } // the client is gone
        long gone = System.nanoTime();
        awaitIdle(Duration.ofSeconds(3));
        assertThat(Duration.ofNanos(System.nanoTime() - gone)).isLessThan(Duration.ofSeconds(3));
    }

    private static List<String> ids(McpSyncClient client) {
        List<String> ids = new ArrayList<>();
        for (Object s : (List<?>) fields(call(client, "list-sessions", Map.of())).get("sessions")) {
            ids.add((String) ((Map<?, ?>) s).get("session_id"));
        }
        return ids;
    }

    private static int commands(McpSyncClient client, String id) {
        for (Object s : (List<?>) fields(call(client, "list-sessions", Map.of())).get("sessions")) {
            if (id.equals(((Map<?, ?>) s).get("session_id"))) {
                return ((Number) ((Map<?, ?>) s).get("commands")).intValue();
            }
        }
        throw new AssertionError("no session " + id);
    }

    private static String base() {
        URI endpoint = server.endpoint();
        return "http://" + endpoint.getHost() + ":" + endpoint.getPort();
    }

    /** Waits until a sandbox is in use (no session holds one here), and a little more. */
    private static void awaitBusy() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (busy() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(busy()).as("a sandbox in use: %s", engine.poolStats()).isPositive();
        Thread.sleep(500); // well into the run
    }

    /** Waits until every sandbox is idle: none in use, none being reset. */
    private static void awaitIdle(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (busy() > 0 || engine.poolStats().idle() < POOL) {
            assertThat(System.nanoTime()).as("every sandbox idle within %s: %s", within, engine.poolStats()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static int busy() {
        var stats = engine.poolStats();
        return stats.alive() - stats.idle();
    }

    /** An MCP session over raw HTTP, for what the SDK's client cannot send (notifications/cancelled). */
    private record Raw(HttpClient http, String session) {

        static Raw open() throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> init = http.send(request(null, Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize",
                    "params", Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(),
                            "clientInfo", Map.of("name", "raw", "version", "1")))), HttpResponse.BodyHandlers.ofString());
            assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
            Raw raw = new Raw(http, init.headers().firstValue("Mcp-Session-Id").orElseThrow());
            raw.post(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
            return raw;
        }

        void post(Map<String, Object> message) throws Exception {
            HttpResponse<String> response = http.send(request(session, message), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        }

        CompletableFuture<HttpResponse<String>> postAsync(Map<String, Object> message) throws Exception {
            return http.sendAsync(request(session, message), HttpResponse.BodyHandlers.ofString());
        }

        private static HttpRequest request(String session, Map<String, Object> message) throws Exception {
            HttpRequest.Builder builder = HttpRequest.newBuilder(server.endpoint())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(message)));
            if (session != null) {
                builder.header("Mcp-Session-Id", session);
            }
            return builder.build();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(CallToolResult result) {
        assertThat(result.structuredContent()).as("%s", result).isInstanceOf(Map.class);
        return (Map<String, Object>) result.structuredContent();
    }
}
