package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code serve} (the shaded jar, as a client starts it) refuses to start: a bad setting stops it
 * before anything else with one line naming it; a missing image stops it promptly with the exact
 * command that builds the image, after answering the calls that were already waiting.
 */
class ServeStartupIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of(System.getProperty("lean.sandbox.jar", "target/lean-sandbox.jar"));

    @TempDir
    Path home;

    private Process server;

    @AfterEach
    void stop() {
        if (server != null && server.isAlive()) {
            server.destroyForcibly();
        }
    }

    /** {@code serve ARGS} with a clean home directory and no LEAN_DOCKER_MCP_* but {@code variables}. */
    private Process serve(Map<String, String> variables, String... args) throws IOException {
        assertThat(JAR).as("the shaded jar (built in the package phase)").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-jar", JAR.toAbsolutePath().toString(), "serve"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(home.resolve("stderr.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LEAN_DOCKER_MCP_"));
        builder.environment().putAll(variables);
        server = builder.start();
        return server;
    }

    private List<String> stderr() throws IOException {
        return Files.readAllLines(home.resolve("stderr.log"));
    }

    private void assertRefusedWithOneLine(String... named) throws Exception {
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("serve exits").isTrue();
        assertThat(server.exitValue()).as("exit code; stderr: %s", stderr()).isEqualTo(ExitCodes.UNUSABLE);
        assertThat(stderr()).singleElement().asString().startsWith("lean-sandbox serve: ").contains(named)
                .doesNotContain("Exception", "\tat ");
        assertThat(new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).as("stdout").isEmpty();
    }

    @Test
    void anUnknownYamlKeyStopsStartUp() throws Exception {
        Path config = Files.writeString(home.resolve("config.yaml"), "docker:\n  pool_sise: 3\n");
        serve(Map.of("LEAN_DOCKER_MCP_CONFIG", config.toString()));
        assertRefusedWithOneLine("unknown setting docker.pool_sise", config.toString());
    }

    @Test
    void aBadYamlValueStopsStartUp() throws Exception {
        Path dir = Files.createDirectories(home.resolve(".lean-docker-mcp"));
        Path config = Files.writeString(dir.resolve("config.yaml"), "lean:\n  max_sessions: lots\n");
        serve(Map.of());
        assertRefusedWithOneLine("bad value 'lots' for lean.max_sessions", config.toString());
    }

    @Test
    void anUnknownVariableStopsStartUp() throws Exception {
        serve(Map.of("LEAN_DOCKER_MCP_POOLSIZE", "3"));
        assertRefusedWithOneLine("unknown setting variable LEAN_DOCKER_MCP_POOLSIZE");
    }

    @Test
    void aBadVariableValueStopsStartUp() throws Exception {
        serve(Map.of("LEAN_DOCKER_MCP_MEMORY_LIMIT", "lots"));
        assertRefusedWithOneLine("bad value 'lots' for docker.memory_limit", "LEAN_DOCKER_MCP_MEMORY_LIMIT");
    }

    @Test
    void aMissingImageStopsServePromptlyNamingTheExactBuildCommand() throws Exception {
        String image = "lean-sandbox/no-such-image:missing";
        Path docker = JAR.toAbsolutePath().normalize().getParent().getParent().resolveSibling("docker");
        String build = "docker build -t " + image + " -f " + docker.resolve("Dockerfile") + " " + docker;
        serve(Map.of(), "--image", image);

        // A client's first messages, sent at once: initialize is answered, and so is a call waiting for the engine.
        OutputStream stdin = server.getOutputStream();
        for (Map<String, Object> message : List.<Map<String, Object>>of(
                Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of("protocolVersion", "2025-06-18",
                        "capabilities", Map.of(), "clientInfo", Map.of("name", "ServeStartupIT", "version", "1"))),
                Map.of("jsonrpc", "2.0", "method", "notifications/initialized"),
                Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/call",
                        "params", Map.of("name", "execute-lean", "arguments", Map.of("code", "def f := 37"))))) {
            stdin.write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        stdin.flush();

        long started = System.nanoTime();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("serve exits by itself, stdin still open").isTrue();
        assertThat(server.exitValue()).as("exit code; stderr: %s", stderr()).isEqualTo(ExitCodes.UNUSABLE);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as("seconds to exit").isLessThan(15);

        List<JsonNode> responses = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                responses.add(JSON.readTree(line));
            }
        }
        assertThat(responses).extracting(r -> r.path("id").asInt()).containsExactly(1, 2);
        assertThat(responses.get(0).at("/result/serverInfo/name").asText()).isEqualTo("lean-sandbox");
        JsonNode call = responses.get(1).get("result");
        assertThat(call.get("isError").asBoolean()).isTrue();
        assertThat(call.at("/content/0/text").asText()).isEqualTo("Lean is unavailable: the image '" + image
                + "' is not in the Docker daemon at " + daemonIn(call.at("/content/0/text").asText()) + ". Build it: " + build);

        List<String> errors = stderr().stream().filter(line -> line.contains("ERROR")).toList();
        assertThat(errors).singleElement().asString().endsWith("Build it: " + build);
        assertThat(stderr()).noneMatch(line -> line.contains("\tat ") || line.contains("Exception"));
    }

    /** The daemon address as the message names it (whatever DOCKER_HOST says on this machine). */
    private static String daemonIn(String message) {
        int at = message.indexOf(" is not in the Docker daemon at ") + " is not in the Docker daemon at ".length();
        return message.substring(at, message.indexOf(". Build it: ", at));
    }
}
