package io.leansandbox.mcp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable jar on its own, as a release (or the server image) has it: no checkout beside it, so
 * a missing Lean image is built from the copy of docker/ the jar carries, written to a temporary
 * directory that is gone afterwards. Here the production Dockerfile cannot be built (its base image
 * cannot be pulled, Lean cannot be downloaded) and the build fails; on a machine with the internet
 * it succeeds, after some minutes. Either way what is checked is that it was the jar's copy of
 * docker/Dockerfile that went to the daemon, and that nothing is left.
 */
class JarWithoutCheckoutIT {

    @TempDir
    Path dir;

    @Test
    void setupBuildsAMissingImageFromTheDockerfileTheJarCarries() throws Exception {
        Path jar = Files.copy(ServerProcess.JAR, dir.resolve("lean-sandbox.jar"));
        Path tmp = dir.resolve("tmp");
        String image = "lean-sandbox/bundled-context:test-" + UUID.randomUUID().toString().substring(0, 12);
        try {
            JarCommand setup = JarCommand.run(jar, dir, tmp, Map.of(), List.of("setup", "--image", image));
            assertThat(setup.exit()).as(setup.stderr()).isIn(ExitCodes.OK, ExitCodes.UNUSABLE);
            assertThat(setup.stderr()).as("the build's command names a temporary copy of docker/")
                    .containsPattern(Pattern.quote("docker build -t " + image + " -f " + tmp + "/lean-sandbox-image-context")
                            + "\\d+/Dockerfile");
            assertThat(setup.stderr()).as("the daemon got the production Dockerfile").contains("FROM ${DEBIAN_IMAGE}");
            try (var left = Files.list(tmp)) {
                assertThat(left.filter(p -> p.getFileName().toString().startsWith("lean-sandbox-image-context")))
                        .as("the temporary build context is removed").isEmpty();
            }
        } finally {
            new ProcessBuilder("docker", "image", "rm", "-f", image).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
    }
}
