package io.leansandbox.engine.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.testing.DockerClients;
import io.leansandbox.engine.testing.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An image without the contract's executables stops the engine's start with one message naming the
 * image and what it lacks (instead of a confusing failure at the first run), and leaves no container.
 */
class ImageContractIT {

    private static final String BASE = System.getProperty("lean.base.image", "lean-sandbox/base:bookworm");

    @TempDir
    Path context;

    private static Settings on(String image) {
        return TestEngines.docker(1).toBuilder().image(image).build();
    }

    private static int containersOfThisJvm() {
        return DockerClients.countLabelled(OwnerLabels.PID, Long.toString(ProcessHandle.current().pid()));
    }

    @Test
    void aDebianImageWithPythonButNoLeanIsNamedAsSuch() {
        assertThatThrownBy(() -> LeanSandbox.start(on(BASE)).close())
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessage(ImageContract.violation(BASE, List.of("repl", "lean")));
        assertThat(containersOfThisJvm()).isZero();
    }

    @Test
    void anImageWithoutPythonOrAShellIsNamedAsSuch() throws IOException {
        Files.writeString(context.resolve("marker"), "not a toolchain\n");
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY marker /marker\n");
        String image = "lean-sandbox/test-contract:" + UUID.randomUUID().toString().substring(0, 8);
        try (ImageBuilder builder = ImageBuilder.connect(null)) {
            builder.build(new ImageBuilder.Build(image, context, context.resolve("Dockerfile"), List.of(), Map.of()), ImageBuilder.Listener.NONE);
            assertThatThrownBy(() -> LeanSandbox.start(on(image)).close())
                    .isInstanceOf(SandboxUnavailableException.class)
                    .hasMessage(ImageContract.violation(image, List.of("python3", ImageContract.NOTHING_RUNS)))
                    .hasMessageContaining("it has no python3, and no shell either, so repl and lean could not be looked for (");
            assertThat(containersOfThisJvm()).isZero();
        } finally {
            try (DockerClient docker = DockerClients.local()) {
                docker.removeImageCmd(image).withForce(true).exec();
            } catch (NotFoundException e) {
                // not built
            }
        }
    }

    @Test
    void theStandInHonoursTheContract() {
        try (LeanSandbox lean = LeanSandbox.start(on(TestEngines.image()))) {
            assertThat(lean.status().leanVersion()).startsWith("Lean (version");
        }
    }
}
