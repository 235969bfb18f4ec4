package io.leansandbox.engine.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The images are tagged with the project version, so that a new version runs (and builds) an image of its own. */
class ImageNamesTest {

    @Test
    void theDefaultImageCarriesTheProjectVersionAsItsTag() {
        // The version comes from the build (Maven filters lean-sandbox.properties): never the placeholder, never "dev" here.
        assertThat(ImageNames.VERSION).matches("[0-9]+\\.[0-9]+\\.[0-9]+.*").doesNotContain("${");
        assertThat(ImageNames.DEFAULT).isEqualTo("lean-sandbox:" + ImageNames.VERSION);
        assertThat(Settings.defaults().image()).isEqualTo(ImageNames.DEFAULT);
        assertThat(ImageNames.MATHLIB).isEqualTo("lean-sandbox:mathlib-" + ImageNames.VERSION);
    }

    @Test
    void aBuildOfAVersionedImageAlsoMovesItsAlias() {
        assertThat(ImageNames.aliases(ImageNames.DEFAULT)).containsExactly("lean-sandbox:latest");
        assertThat(ImageNames.aliases(ImageNames.MATHLIB)).containsExactly("lean-sandbox:mathlib");
        assertThat(ImageNames.aliases("lean-sandbox:latest")).isEmpty();
        assertThat(ImageNames.aliases("my/lean:4")).isEmpty();
    }

    @Test
    void kindsOfImageAreToldByName() {
        assertThat(ImageNames.isMathlib("lean-sandbox:mathlib")).isTrue();
        assertThat(ImageNames.isMathlib("my/lean-Mathlib:1")).isTrue();
        assertThat(ImageNames.isMathlib(ImageNames.DEFAULT)).isFalse();
        assertThat(ImageNames.isStandIn("lean-sandbox/standin:latest")).isTrue();
        assertThat(ImageNames.isStandIn("lean-sandbox/standin-autobuild:test-1")).isTrue();
        assertThat(ImageNames.isStandIn("lean-sandbox:latest")).isFalse();
        assertThat(ImageNames.isSeed("lean-docker-mcp:latest")).isTrue();
        assertThat(ImageNames.isSeed("ghcr.io/artivus/lean-docker-mcp")).isTrue();
        assertThat(ImageNames.isSeed("localhost:5000/lean-docker-mcp@sha256:ab")).isTrue();
        assertThat(ImageNames.isSeed("lean-docker-mcp-fork:1")).isFalse();
    }

    @Test
    void aVersionBecomesAValidDockerTag() {
        assertThat(ImageNames.tagOf("0.1.0-SNAPSHOT")).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(ImageNames.tagOf("1.0+build/7")).isEqualTo("1.0-build-7");
        assertThat(ImageNames.tagOf("-x")).isEqualTo("v-x");
        assertThat(ImageNames.tagOf("")).isEqualTo("v");
        assertThat(ImageNames.tagOf("9".repeat(200))).hasSize(128);
    }
}
