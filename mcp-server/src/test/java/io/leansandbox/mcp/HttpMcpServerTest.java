package io.leansandbox.mcp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP front door in-process, with a stand-in for the engine, spoken to over raw sockets (so
 * that any Host header can be sent): what is refused before MCP sees it, and what gets through.
 */
class HttpMcpServerTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private HttpMcpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aLoopbackServerAnswersLocalNamesAndRefusesOthers() throws Exception {
        server = HttpMcpServer.start(HttpAddress.parse("127.0.0.1:0"), true, null, code -> Results.success());
        assertThat(server.endpoint().toString()).matches("http://127\\.0\\.0\\.1:\\d+/mcp");

        Reply ok = post(Map.of("Host", "localhost:" + port()));
        assertThat(ok.status).as(ok.text).isEqualTo(200);
        assertThat(ok.headers).containsKey("mcp-session-id");
        assertThat(ok.text).contains("\"name\":\"lean-sandbox\"");
        assertThat(post(Map.of("Host", "127.0.0.1:" + port(), "Origin", "http://localhost:6274")).status).isEqualTo(200);

        Reply rebound = post(Map.of("Host", "evil.example.com:" + port(), "Origin", "http://evil.example.com:" + port()));
        assertThat(rebound.status).isEqualTo(421);
        assertThat(rebound.text).contains("\"jsonrpc\":\"2.0\"", "Misdirected");
        assertThat(post(Map.of("Host", "localhost:" + port(), "Origin", "http://evil.example.com")).status).isEqualTo(403);
        assertThat(request("GET", "/other", Map.of("Host", "localhost"), "").status).isEqualTo(404);
    }

    @Test
    void withATokenEveryRequestMustCarryIt() throws Exception {
        server = HttpMcpServer.start(HttpAddress.parse("127.0.0.1:0"), true, "s3cret", code -> Results.success());
        String host = "localhost:" + port();

        Reply none = post(Map.of("Host", host));
        assertThat(none.status).isEqualTo(401);
        assertThat(none.headers.get("www-authenticate")).startsWith("Bearer");
        assertThat(post(Map.of("Host", host, "Authorization", "Bearer wrong")).status).isEqualTo(401);
        assertThat(post(Map.of("Host", host, "Authorization", "Basic s3cret")).status).isEqualTo(401);
        assertThat(post(Map.of("Host", host, "Authorization", "Bearer s3cret")).status).isEqualTo(200);
        assertThat(post(Map.of("Host", host, "Authorization", "bearer s3cret")).status).as("the scheme is case-insensitive").isEqualTo(200);
    }

    @Test
    void aRemoteBindingSkipsTheHostRuleButKeepsTheOthers() throws Exception {
        // Bound to loopback here, but configured as a remote binding would be (no Host rule, token required).
        server = HttpMcpServer.start(HttpAddress.parse("127.0.0.1:0"), false, "s3cret", code -> Results.success());
        assertThat(post(Map.of("Host", "lean.example.org", "Authorization", "Bearer s3cret")).status).isEqualTo(200);
        assertThat(post(Map.of("Host", "lean.example.org")).status).isEqualTo(401);
        assertThat(post(Map.of("Host", "lean.example.org", "Authorization", "Bearer s3cret", "Origin", "http://evil.example.com")).status)
                .isEqualTo(403);
    }

    private int port() {
        return server.endpoint().getPort();
    }

    private Reply post(Map<String, String> headers) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        all.put("Accept", "application/json, text/event-stream");
        return request("POST", "/mcp", all, INITIALIZE);
    }

    private Reply request(String method, String path, Map<String, String> headers, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(10_000);
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("Content-Length: ").append(content.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String[] parts = text.split("\r\n\r\n", 2);
            String[] lines = parts[0].split("\r\n");
            Map<String, String> replyHeaders = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                replyHeaders.put(lines[i].substring(0, colon).strip().toLowerCase(), lines[i].substring(colon + 1).strip());
            }
            return new Reply(Integer.parseInt(lines[0].split(" ")[1]), replyHeaders, parts.length > 1 ? parts[1] : "");
        }
    }

    private record Reply(int status, Map<String, String> headers, String text) {
    }
}
