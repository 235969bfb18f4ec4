package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * How {@code serve} on stdio ends with a tool call in flight: on SIGTERM, and when the client closes
 * stdin. Either way the process exits promptly and no container labelled with its pid remains.
 *
 * <p>The call in flight is a stand-in fault directive ({@code hang}): the run never answers, so it is
 * still running when the server is told to stop. (The streamable HTTP server's SIGTERM is tested by
 * src/test/node/http.test.mjs and by the conformance run.)
 */
class ShutdownIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = System.getProperty("lean.test.image", "lean-sandbox/standin:latest");
    private static final Path JAR = Path.of(System.getProperty("lean.sandbox.jar", "target/lean-sandbox.jar"));
    private static final String HANGS = "--! standin: hang\ndef f := 37";

    @TempDir
    Path home;

    private Process server;
    private OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    @AfterEach
    void stopServer() {
        if (server != null && server.isAlive()) {
            server.destroyForcibly();
        }
    }

    @Test
    void sigtermWithACallInFlightRemovesEveryContainer() throws Exception {
        startWithACallInFlight();
        server.destroy(); // SIGTERM
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server exits after SIGTERM").isTrue();
        assertThat(server.exitValue()).as("128 + SIGTERM; stderr: %s", stderr()).isEqualTo(143);
        assertThat(stderr()).contains("shutting down: closing the engine");
        assertThat(containersOf(server.pid())).as("containers left by the server").isZero();
    }

    @Test
    void closingStdinWithACallInFlightRemovesEveryContainer() throws Exception {
        startWithACallInFlight();
        stdin.close();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server exits after stdin closes").isTrue();
        assertThat(server.exitValue()).as("exit code; stderr: %s", stderr()).isZero();
        assertThat(containersOf(server.pid())).as("containers left by the server").isZero();
    }

    private void startWithACallInFlight() throws Exception {
        assertThat(JAR).as("the shaded jar (built in the package phase)").isRegularFile();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-jar", JAR.toAbsolutePath().toString(),
                "serve", "--image", IMAGE, "--pool-size", "1", "--timeout", "120")
                .redirectError(home.resolve("stderr.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LEAN_DOCKER_MCP_"));
        server = builder.start();
        Thread reader = new Thread(this::readLines, "shutdown-it-stdout");
        reader.setDaemon(true);
        reader.start();
        stdin = server.getOutputStream();

        send(Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of(
                "protocolVersion", "2025-06-18", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "ShutdownIT", "version", "1"))));
        assertThat(response(1, Duration.ofSeconds(20)).at("/result/serverInfo/name").asText()).isEqualTo("lean-sandbox");
        send(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
        send(Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/call",
                "params", Map.of("name", "execute-lean", "arguments", Map.of("code", HANGS))));

        // In flight: the engine has its sandbox and the run has started (the stand-in hangs in it).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (containersOf(server.pid()) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(containersOf(server.pid())).as("the server's sandbox").isPositive();
        Thread.sleep(1500);
        assertThat(lines.poll()).as("the hanging call has no answer yet").isNull();
        assertThat(server.isAlive()).isTrue();
    }

    private String stderr() throws IOException {
        return Files.readString(home.resolve("stderr.log"));
    }

    private void send(Map<String, Object> message) throws IOException {
        stdin.write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    private JsonNode response(int id, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(line).as("response %d within %s", id, wait).isNotNull();
            JsonNode message = JSON.readTree(line);
            if (message.has("id") && message.get("id").asInt() == id) {
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

    /** Containers, running or not, that the project manages and that name this process as their owner. */
    private static int containersOf(long pid) throws IOException {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .responseTimeout(Duration.ofSeconds(30)).build();
        try (DockerClient docker = DockerClientImpl.getInstance(config, http)) {
            return docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of("io.leansandbox.managed=true", "io.leansandbox.pid=" + pid)).exec().size();
        }
    }
}
