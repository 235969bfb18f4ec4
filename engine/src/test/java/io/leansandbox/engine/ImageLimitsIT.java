package io.leansandbox.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import io.leansandbox.engine.config.ImageLimits;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.config.UserLimits;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.testing.DockerClients;
import io.leansandbox.engine.testing.LeanInputs;
import io.leansandbox.engine.testing.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An image's resource labels reach its containers: a tiny image built on the stand-in with the labels
 * of docker/CONTRACT.md, then engines on it with and without limits of the user's. The image is removed
 * afterwards.
 */
class ImageLimitsIT {

    private static final String IMAGE = "lean-sandbox/image-limits-it:" + UUID.randomUUID().toString().substring(0, 8);
    private static final long FLOOR = 320L << 20;
    private static final long SUGGESTED = 384L << 20;
    private static DockerClient docker;

    @BeforeAll
    static void buildImage() throws IOException {
        docker = DockerClients.local();
        Path context = Files.createTempDirectory("image-limits-it");
        try {
            Files.writeString(context.resolve("Dockerfile"), "FROM " + TestEngines.image() + "\n"
                    + "LABEL " + ImageLimits.MEMORY_FLOOR + "=\"320m\" " + ImageLimits.SUGGESTED_MEMORY + "=\"384m\" "
                    + ImageLimits.SUGGESTED_TIMEOUT + "=\"7\"\n");
            docker.buildImageCmd(context.toFile()).withTags(Set.of(IMAGE)).withPull(false).withNoCache(true)
                    .exec(new BuildImageResultCallback()).awaitImageId(120, TimeUnit.SECONDS);
        } finally {
            try (var files = Files.list(context)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(context);
        }
    }

    @AfterAll
    static void removeImage() throws IOException {
        try {
            docker.removeImageCmd(IMAGE).withForce(true).exec();
        } catch (NotFoundException e) {
            // never built
        }
        docker.close();
    }

    /** Settings on the labelled image in which the user set no limit (TestEngines sets a timeout). */
    private static Settings unset() {
        return TestEngines.docker(1).toBuilder().image(IMAGE).userLimits(UserLimits.NONE).build();
    }

    @Test
    void theLabelsSuggestionsApplyWhenTheUserSetNoLimit() {
        try (LeanSandbox engine = LeanSandbox.start(unset())) {
            assertThat(engine.settings().limits().memoryBytes()).isEqualTo(SUGGESTED);
            assertThat(engine.settings().timeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(engine.run(LeanInputs.accepted()).status()).isEqualTo(Status.SUCCESS);
            HostConfig sandbox = sandboxOf(engine);
            assertThat(sandbox.getMemory()).isEqualTo(SUGGESTED);
            assertThat(sandbox.getMemorySwap()).as("no swap").isEqualTo(SUGGESTED);
            assertThat(engine.status().backend()).contains("memory 384m (label " + ImageLimits.SUGGESTED_MEMORY,
                    "timeout 7 s (label " + ImageLimits.SUGGESTED_TIMEOUT);
        }
    }

    @Test
    void whatTheUserSetWinsAndALimitBelowTheFloorIsWarnedAbout() {
        // 256m is also the engine's default: set through memoryLimit, it is the user's all the same.
        Settings user = unset().toBuilder().memoryLimit(256L << 20).timeout(Duration.ofSeconds(4)).build();
        String[] log = new String[1];
        try (LeanSandbox engine = capturingStderr(() -> LeanSandbox.start(user), log)) {
            assertThat(engine.settings().limits().memoryBytes()).isEqualTo(256L << 20);
            assertThat(engine.settings().timeout()).isEqualTo(Duration.ofSeconds(4));
            assertThat(engine.run(LeanInputs.accepted()).status()).isEqualTo(Status.SUCCESS);
            assertThat(sandboxOf(engine).getMemory()).isEqualTo(256L << 20);
        }
        assertThat(log[0]).contains("the memory limit 256m (docker.memory_limit) is below the floor of 320m that the image "
                + IMAGE + " states (label " + ImageLimits.MEMORY_FLOOR + ")");
        assertThat(FLOOR).isLessThan(SUGGESTED);
    }

    /** The host configuration of the engine's one pooled sandbox, as Docker reports it. */
    private static HostConfig sandboxOf(LeanSandbox engine) {
        List<Container> mine = docker.listContainersCmd().withLabelFilter(List.of("io.leansandbox.engine=" + engine.id())).exec()
                .stream().filter(c -> !c.getLabels().containsKey("io.leansandbox.role")).toList();
        assertThat(mine).isNotEmpty();
        return docker.inspectContainerCmd(mine.get(0).getId()).exec().getHostConfig();
    }

    /** Runs {@code start} with stderr (where the engine's log goes) also copied into {@code log[0]}. */
    private static LeanSandbox capturingStderr(Supplier<LeanSandbox> start, String[] log) {
        PrintStream original = System.err;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                copy.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                copy.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
        try {
            return start.get();
        } finally {
            System.setErr(original);
            log[0] = copy.toString(StandardCharsets.UTF_8);
        }
    }
}
