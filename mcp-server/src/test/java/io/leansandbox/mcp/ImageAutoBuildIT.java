package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * First start does the set-up: on a machine without the image, {@code serve} answers
 * {@code initialize} at once, builds the image in the background, answers tool calls and
 * {@code status} with the build's progress meanwhile, and serves once it is built.
 *
 * <p>The image being made is the stand-in's: its build context as {@code docker/build-images.sh
 * --context-only} writes it (the production Dockerfile needs the internet), given to serve as
 * {@code docker.build_context}, under a fresh name no daemon has, removed after the test. One step
 * is added at the end of its Dockerfile, a few seconds of {@code sleep}, so that the build is still
 * running when the first calls arrive, however fast the daemon's cache makes the rest.
 */
class ImageAutoBuildIT {

    private static final Path DOCKER_DIR = Path.of(System.getProperty("lean.docker.dir", "../docker"));
    private static final Duration BUILD_WAIT = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    private final String image = "lean-sandbox/standin-autobuild:test-" + UUID.randomUUID().toString().substring(0, 12);
    private ServerProcess server;

    @AfterEach
    void removeTheImage() throws IOException {
        if (server != null) {
            server.close();
        }
        try (DockerClient docker = docker()) {
            docker.removeImageCmd(image).withForce(true).exec();
        } catch (NotFoundException e) {
            // never built
        }
    }

    private static DockerClient docker() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).responseTimeout(Duration.ofSeconds(60)).build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** The stand-in's build context, from the script that builds the stand-in, with a slow last step. */
    private Path standInContext() throws Exception {
        Path context = dir.resolve("context");
        ProcessBuilder script = new ProcessBuilder("bash", DOCKER_DIR.resolve("build-images.sh").toString(), "--context-only",
                context.toString(), "--transcripts", RecordedTranscript.directory().toString(),
                "--comparator-tests", System.getProperty("lean.comparator.tests", "../fixtures/comparator-tests"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("context.log").toFile());
        Process process = script.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("build-images.sh --context-only: %s", Files.readString(dir.resolve("context.log"))).isZero();
        Path dockerfile = context.resolve("Dockerfile");
        assertThat(dockerfile).isRegularFile();
        Files.writeString(dockerfile, Files.readString(dockerfile)
                + "\n# ImageAutoBuildIT: keep the build running while the first calls arrive.\nRUN sleep 6\n");
        return context;
    }

    private JsonNode call(int id, String tool, Map<String, Object> arguments) throws Exception {
        server.send(ServerProcess.toolCall(id, tool, arguments));
        return server.response(id, Duration.ofSeconds(30)).get("result");
    }

    @Test
    void serveBuildsAMissingImageAnsweringWithItsProgressThenServes() throws Exception {
        try (DockerClient docker = docker()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> docker.inspectImageCmd(image).exec())
                    .as("the image must not exist yet").isInstanceOf(NotFoundException.class);
        }
        Path context = standInContext();
        Path home = Files.createDirectories(dir.resolve("home"));
        long started = System.nanoTime();
        server = ServerProcess.serve(dir.resolve("stderr.log"), List.of("-Duser.home=" + home), true, Map.of(
                "LEAN_DOCKER_MCP_IMAGE", image,
                "LEAN_DOCKER_MCP_BUILD_CONTEXT", context.toString(),
                "LEAN_DOCKER_MCP_POOL_SIZE", "1",
                "LEAN_DOCKER_MCP_TIMEOUT", "30"));

        server.initialize("ImageAutoBuildIT");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as("initialize is not held up by the build").isLessThan(10);

        String code = RecordedTranscript.named("def_eval").code(0);
        JsonNode during = call(2, ExecuteLeanTool.NAME, Map.of("code", code));
        assertThat(during.get("isError").asBoolean()).as("%s", during).isTrue();
        assertThat(during.at("/content/0/text").asText())
                .matches("Lean is unavailable: the Lean image " + java.util.regex.Pattern.quote(image) + " is being built: "
                        + "(sending the build context|step [0-9]+/[0-9]+ \\(.+\\)), [0-9]+s so far; try again in a moment");

        JsonNode status = call(3, StatusTool.NAME, Map.of());
        assertThat(status.get("isError").asBoolean()).as("%s", status).isFalse();
        assertThat(status.at("/structuredContent/lean_version").asText()).startsWith("not known yet: the Lean image " + image + " is being built: ");
        assertThat(status.at("/structuredContent/backend").asText()).isEqualTo("docker image " + image + " (being built)");
        assertThat(status.at("/content/0/text").asText()).contains("is being built");

        // Once built, the same call gets Lean's verdict (replayed from the recorded transcript def_eval).
        long deadline = System.nanoTime() + BUILD_WAIT.toNanos();
        JsonNode after;
        int id = 4;
        while (true) {
            after = call(id++, ExecuteLeanTool.NAME, Map.of("code", code));
            if (!after.get("isError").asBoolean() || System.nanoTime() > deadline) {
                break;
            }
            assertThat(after.at("/content/0/text").asText()).as("while not served, it is because of the build or the start")
                    .containsAnyOf("is being built", "starting");
            Thread.sleep(500);
        }
        assertThat(after.get("isError").asBoolean()).as("served within %s: %s", BUILD_WAIT, after).isFalse();
        assertThat(after.at("/structuredContent/status").asText()).isEqualTo("SUCCESS");

        JsonNode served = call(id++, StatusTool.NAME, Map.of());
        assertThat(served.at("/structuredContent/lean_version").asText()).startsWith("Lean (version 4.33.0-rc2, stand-in toolchain)");
        assertThat(served.at("/structuredContent/backend").asText()).startsWith("docker image " + image + " at ");

        server.closeStdin();
        assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(server.process().exitValue()).isZero();
        assertThat(server.containers()).as("no container left behind").isZero();
        assertThat(server.stderr()).contains("building the Lean image " + image, "building " + image + ": step ", "built " + image + " in ");
        try (DockerClient docker = docker()) {
            assertThat(docker.inspectImageCmd(image).exec().getConfig().getLabels())
                    .containsEntry("lean-sandbox.toolchain", "standin");
        }
    }
}
