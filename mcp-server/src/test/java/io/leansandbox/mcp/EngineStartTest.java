package io.leansandbox.mcp;

import io.leansandbox.engine.SandboxUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The build command named when the image is missing. */
class EngineStartTest {

    /** The engine's own message (DockerBackend), which names the command relative to a checkout. */
    private static SandboxUnavailableException missing(String image) {
        return new SandboxUnavailableException("the image '" + image + "' is not in the Docker daemon at unix:///var/run/docker.sock. "
                + "Build it: docker build -t " + image + " docker/ (the Lean image, see docker/README.md), "
                + "or bash docker/build-images.sh for the test stand-in.");
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
    void fromACheckoutTheMessageEndsInTheExactCommandWithAbsolutePaths() throws IOException {
        Optional<Path> docker = EngineStart.checkoutDockerDir(Optional.of(jarInCheckout()));
        assertThat(docker).contains(checkout.resolve("docker").toAbsolutePath().normalize());
        Path dir = docker.orElseThrow();

        SandboxUnavailableException explained = EngineStart.explained(missing("lean-sandbox:latest"), "lean-sandbox:latest", docker);
        assertThat(explained.getMessage()).isEqualTo("the image 'lean-sandbox:latest' is not in the Docker daemon at "
                + "unix:///var/run/docker.sock. Build it: docker build -t lean-sandbox:latest -f " + dir.resolve("Dockerfile") + " " + dir);
        assertThat(explained.getMessage().lines()).hasSize(1);
    }

    @Test
    void theStandInAndTheMathlibImageAreBuiltTheirOwnWay() {
        Path dir = Path.of("/repo/docker");
        assertThat(EngineStart.buildCommand("lean-sandbox/standin:latest", dir)).isEqualTo("bash /repo/docker/build-images.sh");
        assertThat(EngineStart.buildCommand("lean-sandbox/standin:v2", dir))
                .isEqualTo("LEAN_SANDBOX_STANDIN_IMAGE=lean-sandbox/standin:v2 bash /repo/docker/build-images.sh");
        assertThat(EngineStart.buildCommand("lean-sandbox:mathlib", dir)).isEqualTo(
                "docker build -t lean-sandbox:mathlib -f /repo/docker/Dockerfile.mathlib /repo/docker "
                        + "(after the base image: docker build -t lean-sandbox:latest -f /repo/docker/Dockerfile /repo/docker)");
        assertThat(EngineStart.buildCommand("my/lean:4", dir)).isEqualTo("docker build -t my/lean:4 -f /repo/docker/Dockerfile /repo/docker");
    }

    @Test
    void outsideACheckoutTheEnginesMessageStands() throws IOException {
        SandboxUnavailableException e = missing("lean-sandbox:latest");
        assertThat(EngineStart.explained(e, "lean-sandbox:latest", Optional.empty())).isSameAs(e);

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
        assertThat(EngineStart.explained(noDaemon, "lean-sandbox:latest", Optional.of(Path.of("/repo/docker")))).isSameAs(noDaemon);
        SandboxUnavailableException otherImage = missing("other:1");
        assertThat(EngineStart.explained(otherImage, "lean-sandbox:latest", Optional.of(Path.of("/repo/docker")))).isSameAs(otherImage);
    }
}
