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
 * before anything else with one line naming it; a missing image it is not to build
 * ({@code docker.auto_build: false}), a build that fails, or an image without the contract's
 * executables stops it promptly with one message naming the image and the fix, after answering the
 * calls that were already waiting.
 */
class ServeStartupIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of(System.getProperty("lean.sandbox.jar", "target/lean-sandbox.jar"));
    /** The offline Debian base of the stand-in: python3, but neither repl nor lean. */
    private static final String BASE_IMAGE = System.getProperty("lean.base.image", "lean-sandbox/base:bookworm");

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
    void aMissingImageNotToBeBuiltStopsServePromptlyNamingTheExactBuildCommand() throws Exception {
        String image = "lean-sandbox/no-such-image:missing";
        Path docker = JAR.toAbsolutePath().normalize().getParent().getParent().resolveSibling("docker");
        String build = docker.resolveSibling("bin").resolve("lean-sandbox") + " setup --image " + image
                + " (or: docker build -t " + image + " -f " + docker.resolve("Dockerfile") + " " + docker + ")";
        serve(Map.of("LEAN_DOCKER_MCP_AUTO_BUILD", "false"), "--image", image);

        List<JsonNode> responses = initializeAndCall();
        assertThat(server.exitValue()).as("exit code; stderr: %s", stderr()).isEqualTo(ExitCodes.UNUSABLE);
        JsonNode call = responses.get(1).get("result");
        assertThat(call.get("isError").asBoolean()).isTrue();
        assertThat(call.at("/content/0/text").asText()).isEqualTo("Lean is unavailable: the image '" + image
                + "' is not in the Docker daemon at " + daemonIn(call.at("/content/0/text").asText()) + ". Build it: " + build);

        List<String> errors = stderr().stream().filter(line -> line.contains("ERROR")).toList();
        assertThat(errors).singleElement().asString().endsWith("Build it: " + build);
        assertThat(stderr()).noneMatch(line -> line.contains("\tat ") || line.contains("Exception"));
    }

    @Test
    void aBuildThatFailsStopsServeNamingTheStepAndItsOutput() throws Exception {
        Path context = Files.createDirectories(home.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + BASE_IMAGE + "\nRUN echo broken-on-purpose && exit 3\n");
        String image = "lean-sandbox/standin-autobuild:failing-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        serve(Map.of("LEAN_DOCKER_MCP_BUILD_CONTEXT", context.toString()), "--image", image);

        List<JsonNode> responses = initializeAndCall();
        assertThat(server.exitValue()).as("exit code; stderr: %s", stderr()).isEqualTo(ExitCodes.UNUSABLE);
        String expected = "could not build the image " + image + " (step 2/2 (RUN echo broken-on-purpose && exit 3)): The command "
                + "'/bin/sh -c echo broken-on-purpose && exit 3' returned a non-zero code: 3; its last output: broken-on-purpose";
        assertThat(responses.get(1).at("/result/content/0/text").asText())
                .satisfiesAnyOf(text -> assertThat(text).isEqualTo("Lean is unavailable: " + expected),
                        text -> assertThat(text).startsWith("Lean is unavailable: the Lean image " + image + " is being built"));
        assertThat(stderr().stream().filter(line -> line.contains("ERROR")).toList()).singleElement().asString().endsWith(expected);
    }

    @Test
    void anImageWithoutTheContractsExecutablesIsNamedAsSuch() throws Exception {
        serve(Map.of(), "--image", BASE_IMAGE);
        List<JsonNode> responses = initializeAndCall();
        assertThat(server.exitValue()).as("exit code; stderr: %s", stderr()).isEqualTo(ExitCodes.UNUSABLE);
        assertThat(responses.get(1).at("/result/content/0/text").asText()).isEqualTo("Lean is unavailable: the image '" + BASE_IMAGE
                + "' is not a lean-sandbox image: it has no repl or lean (docker/CONTRACT.md: lean-sandbox checks Lean through the REPL, "
                + "`repl` and `lean` on PATH, and runs an agent with python3 in every sandbox). Use lean-sandbox's image: leave "
                + "docker.image (or --image) unset to use " + io.leansandbox.engine.config.Settings.DEFAULT_IMAGE
                + ", which serve builds when it is missing, or build it with bin/lean-sandbox setup.");
    }

    /**
     * The original server's configuration as its README gives it, naming its image: that image runs
     * Lean without the REPL, which is said in so many words. (The seed's image cannot be pulled here:
     * the offline Debian base, which has no REPL either, stands for it under the seed's name.)
     */
    @Test
    void theOriginalServersConfigurationGetsToldItsImageIsNotOne() throws Exception {
        String seedImage = "lean-docker-mcp:it-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Path config = Files.writeString(home.resolve("config.yaml"), """
                docker:
                  image: %s
                  working_dir: /home/leanuser/project
                  memory_limit: 256m
                  cpu_limit: 0.5
                  timeout: 30
                  network_disabled: true
                  read_only: false

                lean:
                  allowed_imports:
                    - Lean
                    - Init
                    - Std
                    - Mathlib
                  blocked_imports:
                    - System.IO.Process
                    - System.FilePath
                """.formatted(seedImage));
        try (var docker = dockerClient()) {
            docker.tagImageCmd(BASE_IMAGE, seedImage.substring(0, seedImage.indexOf(':')), seedImage.substring(seedImage.indexOf(':') + 1)).exec();
            serve(Map.of("LEAN_DOCKER_MCP_CONFIG", config.toString()));
            List<JsonNode> responses = initializeAndCall();
            assertThat(server.exitValue()).isEqualTo(ExitCodes.UNUSABLE);
            assertThat(responses.get(1).at("/result/content/0/text").asText())
                    .startsWith("Lean is unavailable: the image '" + seedImage + "' is not a lean-sandbox image: it has no repl or lean (")
                    .contains("It is the image of the original lean-docker-mcp server, which runs `lean` without the REPL")
                    .endsWith("or build it with bin/lean-sandbox setup.");
        } finally {
            try (var docker = dockerClient()) {
                docker.removeImageCmd(seedImage).exec();
            }
        }
    }

    private static com.github.dockerjava.api.DockerClient dockerClient() {
        var config = com.github.dockerjava.core.DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        var http = new com.github.dockerjava.httpclient5.ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .responseTimeout(java.time.Duration.ofSeconds(60)).build();
        return com.github.dockerjava.core.DockerClientImpl.getInstance(config, http);
    }

    /**
     * A client's first messages, sent at once: initialize, and a call that waits for the engine; the
     * server answers both and exits by itself (stdin still open), promptly. Returns its answers.
     */
    private List<JsonNode> initializeAndCall() throws Exception {
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
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("serve exits by itself, stdin still open").isTrue();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as("seconds to exit").isLessThan(30);

        List<JsonNode> responses = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                JsonNode message = JSON.readTree(line);
                if (message.has("id")) { // notifications (log messages, progress) may come too
                    responses.add(message);
                }
            }
        }
        assertThat(responses).extracting(r -> r.path("id").asInt()).containsExactly(1, 2);
        assertThat(responses.get(0).at("/result/serverInfo/name").asText()).isEqualTo("lean-sandbox");
        assertThat(responses.get(1).at("/result/isError").asBoolean()).isTrue();
        return responses;
    }

    /** The daemon address as the message names it (whatever DOCKER_HOST says on this machine). */
    private static String daemonIn(String message) {
        int at = message.indexOf(" is not in the Docker daemon at ") + " is not in the Docker daemon at ".length();
        return message.substring(at, message.indexOf(". Build it: ", at));
    }
}
