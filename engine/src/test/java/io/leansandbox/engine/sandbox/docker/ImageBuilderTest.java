package io.leansandbox.engine.sandbox.docker;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pieces of a build that need no daemon: reading the builder's steps, naming the build. */
class ImageBuilderTest {

    @Test
    void theLegacyBuildersStepLinesAreSteps() {
        assertThat(ImageBuilder.Step.parse("Step 3/12 : RUN apt-get update")).contains(new ImageBuilder.Step(3, 12, "RUN apt-get update"));
        assertThat(ImageBuilder.Step.parse("Step 1/2 : FROM ${BASE_IMAGE}\n")).contains(new ImageBuilder.Step(1, 2, "FROM ${BASE_IMAGE}"));
        assertThat(ImageBuilder.Step.parse(" ---> Running in 0123456789ab")).isEmpty();
        assertThat(ImageBuilder.Step.parse("Successfully built 0123456789ab")).isEmpty();
        assertThat(ImageBuilder.Step.parse("Step x/2 : RUN true")).isEmpty();
    }

    @Test
    void aStepIsDescribedWithItsInstructionCutToAReadableLength() {
        assertThat(new ImageBuilder.Step(3, 12, "RUN   make\tall").describe()).isEqualTo("step 3/12 (RUN make all)");
        String longer = "RUN curl -fsSL https://example.org/" + "x".repeat(100);
        assertThat(new ImageBuilder.Step(4, 12, longer).describe()).hasSize("step 4/12 ()".length() + 60).endsWith("...)");
    }

    @Test
    void aBuildNamesEveryTagAndItsCommand() {
        ImageBuilder.Build build = new ImageBuilder.Build("lean-sandbox:0.1.0", Path.of("/repo/docker"),
                Path.of("/repo/docker/Dockerfile.mathlib"), List.of("lean-sandbox:latest"), Map.of("BASE_IMAGE", "b:1"));
        assertThat(build.tags()).containsExactly("lean-sandbox:0.1.0", "lean-sandbox:latest");
        assertThat(build.command()).isEqualTo("docker build -t lean-sandbox:0.1.0 -t lean-sandbox:latest --build-arg BASE_IMAGE=b:1 "
                + "-f /repo/docker/Dockerfile.mathlib /repo/docker");
    }
}
