package io.leansandbox.mcp;

import io.leansandbox.engine.config.ImageBuildSettings;
import io.leansandbox.engine.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What a jar without a checkout builds the Lean image from: its own copy of docker/, removed after. */
class LeanImageContextTest {

    private static final Path CHECKOUT_DOCKER = Path.of(System.getProperty("lean.docker.dir", "../docker"));

    @Test
    void aCheckoutsDockerDirectoryIsUsedAsItIs(@TempDir Path checkout) {
        try (LeanImageContext context = LeanImageContext.find(Optional.of(checkout), Settings.defaults().imageBuild())) {
            assertThat(context.dir()).contains(checkout);
        }
        assertThat(checkout).exists();
    }

    @Test
    void aConfiguredContextNeedsNoCopy() {
        try (LeanImageContext context = LeanImageContext.find(Optional.empty(), new ImageBuildSettings(true, Path.of("/tmp/ctx"), null))) {
            assertThat(context.dir()).isEmpty();
        }
    }

    @Test
    void withoutACheckoutTheJarsCopyIsWrittenOutWithWhatTheDockerfilesCopyAndRemovedAfter() throws Exception {
        Path dir;
        try (LeanImageContext context = LeanImageContext.find(Optional.empty(), Settings.defaults().imageBuild())) {
            dir = context.dir().orElseThrow();
            for (String file : new String[] {"Dockerfile", "Dockerfile.mathlib", "lean-path-farm.sh", "gold/lean-sandbox-gold",
                    "gold/lean-sandbox-landrun", "smoke/replay-transcripts.py"}) {
                assertThat(dir.resolve(file)).as(file).hasSameBinaryContentAs(CHECKOUT_DOCKER.resolve(file));
            }
            assertThat(dir.resolve("smoke/transcripts")).isNotEmptyDirectory();
            assertThat(dir.resolve("standin")).as("the test stand-in is not part of it").doesNotExist();
            assertThat(dir.resolve("Dockerfile.server")).doesNotExist();
        }
        assertThat(Files.exists(dir)).as("removed on close").isFalse();
    }
}
