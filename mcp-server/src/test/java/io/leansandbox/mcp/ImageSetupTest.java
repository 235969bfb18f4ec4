package io.leansandbox.mcp;

import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.ImageBuildSettings;
import io.leansandbox.engine.config.ImageNames;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.sandbox.docker.ImageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which builds make which image, from which Dockerfile and context; and what is said when none can. */
class ImageSetupTest {

    private static final Optional<Path> CHECKOUT = Optional.of(Path.of("/repo/docker"));
    private static final String DAEMON = "unix:///var/run/docker.sock";

    private static Settings image(String image) {
        return Settings.defaults().toBuilder().image(image).build();
    }

    private static List<ImageBuilder.Build> plan(Settings settings, Set<String> present, boolean rebuild) {
        return ImageSetup.plan(settings, CHECKOUT, present::contains, rebuild, DAEMON);
    }

    @Test
    void theDefaultImageIsBuiltFromTheCheckoutsDockerfileAndAlsoTaggedLatest() {
        assertThat(plan(Settings.defaults(), Set.of(), false)).containsExactly(new ImageBuilder.Build(ImageNames.DEFAULT,
                Path.of("/repo/docker"), Path.of("/repo/docker/Dockerfile"), List.of(ImageNames.LATEST), Map.of()));
    }

    @Test
    void aMathlibImageIsBuiltOnThisVersionsImageWhichIsBuiltFirstWhenMissing() {
        ImageBuilder.Build mathlib = new ImageBuilder.Build(ImageNames.MATHLIB, Path.of("/repo/docker"),
                Path.of("/repo/docker/Dockerfile.mathlib"), List.of(ImageNames.MATHLIB_LATEST), Map.of("BASE_IMAGE", ImageNames.DEFAULT));
        assertThat(plan(image(ImageNames.MATHLIB), Set.of(ImageNames.DEFAULT), false)).containsExactly(mathlib);
        assertThat(plan(image(ImageNames.MATHLIB), Set.of(), false)).extracting(ImageBuilder.Build::image)
                .containsExactly(ImageNames.DEFAULT, ImageNames.MATHLIB);
        assertThat(plan(image(ImageNames.MATHLIB), Set.of(ImageNames.DEFAULT), true)).as("--rebuild rebuilds the base too")
                .extracting(ImageBuilder.Build::image).containsExactly(ImageNames.DEFAULT, ImageNames.MATHLIB);
    }

    @Test
    void theConfiguredContextAndDockerfileWin() {
        Settings settings = image("lean-sandbox/standin-autobuild:test-1").toBuilder()
                .imageBuild(new ImageBuildSettings(true, Path.of("/tmp/ctx"), "Other.Dockerfile")).build();
        assertThat(ImageSetup.plan(settings, Optional.empty(), name -> false, false, DAEMON)).containsExactly(new ImageBuilder.Build(
                "lean-sandbox/standin-autobuild:test-1", Path.of("/tmp/ctx"), Path.of("/tmp/ctx/Other.Dockerfile"), List.of(), Map.of()));
        Settings contextOnly = image("my/lean:4").toBuilder().imageBuild(new ImageBuildSettings(true, Path.of("/tmp/ctx"), null)).build();
        assertThat(plan(contextOnly, Set.of(), false)).extracting(ImageBuilder.Build::dockerfile).containsExactly(Path.of("/tmp/ctx/Dockerfile"));
    }

    @Test
    void theStandInIsLeftToItsScriptUnlessAContextIsGiven(@TempDir Path checkout) throws IOException {
        Files.createFile(checkout.resolve("build-images.sh"));
        assertThatThrownBy(() -> ImageSetup.plan(image("lean-sandbox/standin:latest"), Optional.of(checkout), name -> false, false, DAEMON))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessage("the image 'lean-sandbox/standin:latest' is not in the Docker daemon at " + DAEMON
                        + ". It is the test stand-in, which docker/build-images.sh builds: bash "
                        + checkout.toAbsolutePath().normalize().resolve("build-images.sh"));
        // The jar's copy of docker/ has no script: the message names none of its (temporary) paths.
        assertThatThrownBy(() -> plan(image("lean-sandbox/standin:latest"), Set.of(), false))
                .hasMessageEndingWith("which docker/build-images.sh builds: bash docker/build-images.sh");
    }

    @Test
    void withoutACheckoutOrAContextNothingCanBuildIt() {
        assertThatThrownBy(() -> ImageSetup.plan(Settings.defaults(), Optional.empty(), name -> false, false, DAEMON))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageStartingWith("the image '" + ImageNames.DEFAULT + "' is not in the Docker daemon at " + DAEMON
                        + ", and there is nothing to build it from")
                .hasMessageContaining("Set docker.build_context (LEAN_DOCKER_MCP_BUILD_CONTEXT)");
    }
}
