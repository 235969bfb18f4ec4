package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded jar as an MCP client sees it: a subprocess speaking newline-delimited JSON-RPC on
 * stdin/stdout, against the Docker daemon and the stand-in image.
 *
 * <p>{@code def f := 37} gets its verdict from the recorded transcript of the real REPL
 * ({@code def_eval}: accepted silently), which the stand-in replays.
 */
class ServeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = System.getProperty("lean.test.image", "lean-sandbox/standin:latest");
    private static final Path JAR = Path.of(System.getProperty("lean.sandbox.jar", "target/lean-sandbox.jar"));

    private Process server;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    @AfterEach
    void stopServer() {
        if (server != null && server.isAlive()) {
            server.destroyForcibly();
        }
    }

    @Test
    void servesExecuteLeanOverStdioAndExitsWhenStdinCloses() throws Exception {
        assertThat(JAR).as("the shaded jar (built in the package phase)").isRegularFile();
        Path stderr = JAR.resolveSibling("serve-it-stderr.log");
        server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "serve", "--image", IMAGE, "--pool-size", "1", "--timeout", "10")
                .redirectError(stderr.toFile())
                .start();
        Thread reader = new Thread(this::readLines, "serve-it-stdout");
        reader.setDaemon(true);
        reader.start();
        OutputStream stdin = server.getOutputStream();

        // initialize is answered at once: the engine starts in the background.
        send(stdin, Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of(
                "protocolVersion", "2025-06-18", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "ServeIT", "version", "1"))));
        JsonNode initialized = response(1, Duration.ofSeconds(20));
        assertThat(initialized.at("/result/serverInfo/name").asText()).isEqualTo("lean-sandbox");
        assertThat(initialized.at("/result/capabilities/tools").isObject()).isTrue();
        send(stdin, Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));

        send(stdin, Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/list"));
        JsonNode tools = response(2, Duration.ofSeconds(10)).at("/result/tools");
        assertThat(tools).extracting(tool -> tool.get("name").asText()).containsExactly(
                "execute-lean", "execute-lean-persistent", "cleanup-session", "check-proof", "start-proof",
                "apply-tactic", "get-goals", "list-sessions", "status");
        assertThat(tools.get(0).at("/inputSchema/required/0").asText()).isEqualTo("code");

        send(stdin, call(3, Map.of("code", "def f := 37")));
        JsonNode accepted = response(3, Duration.ofSeconds(90)).get("result");
        assertThat(accepted.get("isError").asBoolean()).as("%s", accepted).isFalse();
        assertThat(accepted.at("/structuredContent/status").asText()).isEqualTo("SUCCESS");
        assertThat(accepted.at("/structuredContent/exit_code").asInt()).isZero();
        assertThat(accepted.at("/structuredContent/diagnostics")).isEmpty();
        assertThat(accepted.at("/content/0/text").asText()).isEqualTo("Status: SUCCESS\nExit Code: 0");
        assertThat(containersOf(server.pid())).as("the server's warm sandboxes").isPositive();

        send(stdin, call(4, Map.of("code", "")));
        JsonNode empty = response(4, Duration.ofSeconds(10)).get("result");
        assertThat(empty.get("isError").asBoolean()).isTrue();
        assertThat(empty.at("/content/0/text").asText()).contains("'code'", "empty");

        stdin.close();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server exits after stdin closes").isTrue();
        assertThat(server.exitValue()).as("exit code; stderr: %s", Files.readString(stderr)).isZero();
        assertThat(containersOf(server.pid())).as("containers left by the server").isZero();
    }

    private static Map<String, Object> call(int id, Map<String, Object> arguments) {
        return Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call",
                "params", Map.of("name", "execute-lean", "arguments", arguments));
    }

    private static void send(OutputStream stdin, Map<String, Object> message) throws IOException {
        stdin.write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** The response with this id; every line on stdout must be JSON-RPC, and notifications are skipped. */
    private JsonNode response(int id, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(line).as("response %d within %s", id, wait).isNotNull();
            JsonNode message = JSON.readTree(line);
            assertThat(message.path("jsonrpc").asText()).as("stdout line: %s", line).isEqualTo("2.0");
            if (message.has("id") && message.get("id").asInt() == id) {
                assertThat(message.has("error")).as("%s", line).isFalse();
                return message;
            }
        }
    }

    private void readLines() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Containers, running or not, labelled with the server process as their owner. */
    private static int containersOf(long pid) throws IOException {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .responseTimeout(Duration.ofSeconds(30)).build();
        try (DockerClient docker = DockerClientImpl.getInstance(config, http)) {
            return docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of("io.leansandbox.pid=" + pid)).exec().size();
        }
    }
}
