package io.leansandbox.mcp;

import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.ImageNames;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.sandbox.docker.DockerBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The build command named when the image is missing and is not built (docker.auto_build false). */
class EngineStartTest {

    private static final String DAEMON = "unix:///var/run/docker.sock";

    /** The engine's own message, which names the command relative to a checkout. */
    private static SandboxUnavailableException missing(String image) {
        return DockerBackend.missingImage(image, DAEMON);
    }

    @TempDir
    Path checkout;

    private Path jarInCheckout() throws IOException {
        Files.createDirectories(checkout.resolve("docker"));
        Files.writeString(checkout.resolve("docker/Dockerfile"), "FROM scratch\n");
        Path jar = Files.createDirectories(checkout.resolve("mcp-server/target")).resolve("lean-sandbox.jar");
        Files.write(jar, new byte[] {'P', 'K'});
        return jar;
    }

    @Test
    void theEnginesMessageNamesSetupAndTheBuildRelativeToACheckout() {
        assertThat(missing("lean-sandbox:latest").getMessage()).isEqualTo("the image 'lean-sandbox:latest' is not in the Docker daemon at "
                + DAEMON + ". Build it: bin/lean-sandbox setup, or docker build -t lean-sandbox:latest docker/ (the Lean image, "
                + "see docker/README.md), or bash docker/build-images.sh for the test stand-in.");
    }

    @Test
    void fromACheckoutTheMessageEndsInTheExactCommandsWithAbsolutePaths() throws IOException {
        Optional<Path> docker = EngineStart.checkoutDockerDir(Optional.of(jarInCheckout()));
        assertThat(docker).contains(checkout.resolve("docker").toAbsolutePath().normalize());
        Path dir = docker.orElseThrow();
        String image = Settings.DEFAULT_IMAGE;

        SandboxUnavailableException explained = EngineStart.explained(missing(image), image, docker);
        assertThat(explained.getMessage()).isEqualTo("the image '" + image + "' is not in the Docker daemon at " + DAEMON
                + ". Build it: " + dir.resolveSibling("bin").resolve("lean-sandbox") + " setup (or: docker build -t " + image
                + " -f " + dir.resolve("Dockerfile") + " " + dir + ")");
        assertThat(explained.getMessage().lines()).hasSize(1);
    }

    @Test
    void eachKindOfImageIsBuiltItsOwnWay() {
        Path dir = Path.of("/repo/docker");
        String base = Settings.DEFAULT_IMAGE;
        assertThat(EngineStart.buildCommand("lean-sandbox/standin:latest", dir)).isEqualTo("bash /repo/docker/build-images.sh");
        assertThat(EngineStart.buildCommand("lean-sandbox/standin:v2", dir))
                .isEqualTo("LEAN_SANDBOX_STANDIN_IMAGE=lean-sandbox/standin:v2 bash /repo/docker/build-images.sh");
        assertThat(EngineStart.buildCommand(ImageNames.MATHLIB, dir)).isEqualTo("/repo/bin/lean-sandbox setup --mathlib (or: "
                + "docker build -t " + base + " -f /repo/docker/Dockerfile /repo/docker, then docker build -t " + ImageNames.MATHLIB
                + " --build-arg BASE_IMAGE=" + base + " -f /repo/docker/Dockerfile.mathlib /repo/docker)");
        assertThat(EngineStart.buildCommand("my/lean:4", dir))
                .isEqualTo("/repo/bin/lean-sandbox setup --image my/lean:4 (or: docker build -t my/lean:4 -f /repo/docker/Dockerfile /repo/docker)");
    }

    @Test
    void outsideACheckoutTheEnginesMessageStands() throws IOException {
        SandboxUnavailableException e = missing(Settings.DEFAULT_IMAGE);
        assertThat(EngineStart.explained(e, Settings.DEFAULT_IMAGE, Optional.empty())).isSameAs(e);

        Path elsewhere = Files.write(checkout.resolve("lean-sandbox.jar"), new byte[] {'P', 'K'});
        assertThat(EngineStart.checkoutDockerDir(Optional.of(elsewhere))).isEmpty();
        assertThat(EngineStart.checkoutDockerDir(Optional.of(checkout.resolve("mcp-server/target/classes")))).isEmpty();
    }

    @Test
    void aCheckoutWithoutItsDockerfileIsNotOne() throws IOException {
        Path jar = jarInCheckout();
        Files.delete(checkout.resolve("docker/Dockerfile"));
        assertThat(EngineStart.checkoutDockerDir(Optional.of(jar))).isEmpty();
    }

    @Test
    void otherFailuresAreLeftAlone() {
        SandboxUnavailableException noDaemon = new SandboxUnavailableException("cannot reach the Docker daemon at unix:///x (refused). Start it");
        assertThat(EngineStart.explained(noDaemon, Settings.DEFAULT_IMAGE, Optional.of(Path.of("/repo/docker")))).isSameAs(noDaemon);
        SandboxUnavailableException otherImage = missing("other:1");
        assertThat(EngineStart.explained(otherImage, Settings.DEFAULT_IMAGE, Optional.of(Path.of("/repo/docker")))).isSameAs(otherImage);
    }
}
