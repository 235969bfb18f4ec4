package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded jar as a subprocess speaking newline-delimited JSON-RPC on stdin/stdout, for the
 * integration tests that drive {@code serve} the way an MCP client does.
 */
final class ServerProcess implements AutoCloseable {

    static final String IMAGE = System.getProperty("lean.test.image", "lean-sandbox/standin:latest");
    static final Path JAR = Path.of(System.getProperty("lean.sandbox.jar", "target/lean-sandbox.jar"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final OutputStream stdin;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ServerProcess(Process process, Path stderr) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stderr = stderr;
        Thread reader = new Thread(this::readLines, "server-process-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code java [jvmOptions] -jar JAR serve ARGS}, stderr to {@code stderr}; with
     * {@code ownSettingsOnly}, LEAN_DOCKER_MCP_* variables of this JVM are not passed on.
     */
    static ServerProcess serve(Path stderr, List<String> jvmOptions, boolean ownSettingsOnly, String... args) throws IOException {
        return serve(stderr, jvmOptions, ownSettingsOnly, Map.of(), args);
    }

    /** {@link #serve(Path, List, boolean, String...)} with {@code variables} added to the environment. */
    static ServerProcess serve(Path stderr, List<String> jvmOptions, boolean ownSettingsOnly, Map<String, String> variables,
                               String... args) throws IOException {
        assertThat(JAR).as("the shaded jar (built in the package phase)").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString(), "serve"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        if (ownSettingsOnly) {
            builder.environment().keySet().removeIf(name -> name.startsWith("LEAN_DOCKER_MCP_"));
        }
        builder.environment().putAll(variables);
        return new ServerProcess(builder.start(), stderr);
    }

    Process process() {
        return process;
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /** A line still waiting to be read, or null. */
    String pollLine() {
        return lines.poll();
    }

    void send(Map<String, Object> message) throws IOException {
        stdin.write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    void closeStdin() throws IOException {
        stdin.close();
    }

    /** Sends initialize, checks the server names itself, and sends notifications/initialized. */
    JsonNode initialize(String clientName) throws Exception {
        send(Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of(
                "protocolVersion", "2025-06-18", "capabilities", Map.of(),
                "clientInfo", Map.of("name", clientName, "version", "1"))));
        JsonNode initialized = response(1, Duration.ofSeconds(20));
        assertThat(initialized.at("/result/serverInfo/name").asText()).isEqualTo("lean-sandbox");
        send(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
        return initialized;
    }

    /** A tools/call request. */
    static Map<String, Object> toolCall(int id, String tool, Map<String, Object> arguments) {
        return Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call", "params", Map.of("name", tool, "arguments", arguments));
    }

    /** The response with this id; every line on stdout must be JSON-RPC, and notifications are skipped. */
    JsonNode response(int id, Duration wait) throws Exception {
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

    /** Containers, running or not, labelled with the server process as their owner (its engine's reaper too). */
    int containers() throws IOException {
        return owned().size();
    }

    /** The server's sandbox containers: {@link #containers()} but its engine's reaper. */
    int sandboxes() throws IOException {
        return (int) owned().stream().filter(c -> !"reaper".equals(c.getLabels().get("io.leansandbox.role"))).count();
    }

    private List<com.github.dockerjava.api.model.Container> owned() throws IOException {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .responseTimeout(Duration.ofSeconds(30)).build();
        try (DockerClient docker = DockerClientImpl.getInstance(config, http)) {
            return docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of("io.leansandbox.pid=" + process.pid())).exec();
        }
    }

    private void readLines() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Kills the server if a test left it running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
