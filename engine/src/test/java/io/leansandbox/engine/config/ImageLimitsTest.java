package io.leansandbox.engine.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading an image's resource labels, and which limit wins: the user's, then the label's, then the default. */
class ImageLimitsTest {

    private static final String IMAGE = "lean-sandbox:mathlib";
    private static final Map<String, String> MATHLIB = Map.of(
            ImageLimits.MEMORY_FLOOR, "7g",
            ImageLimits.SUGGESTED_MEMORY, "12g",
            ImageLimits.SUGGESTED_TIMEOUT, "120");

    @Test
    void labelsAreReadAsDockerSizesAndSeconds() {
        ImageLimits limits = ImageLimits.fromLabels(IMAGE, MATHLIB);
        assertThat(limits.memoryFloor()).hasValue(7L << 30);
        assertThat(limits.suggestedMemory()).hasValue(12L << 30);
        assertThat(limits.suggestedTimeout()).hasValue(Duration.ofSeconds(120));
        assertThat(limits.problems()).isEmpty();
        assertThat(ImageLimits.fromLabels(IMAGE, Map.of(ImageLimits.SUGGESTED_TIMEOUT, "2.5")).suggestedTimeout())
                .hasValue(Duration.ofMillis(2500));
    }

    @Test
    void anImageWithoutLabelsChangesNothing() {
        Settings d = Settings.defaults();
        for (Map<String, String> labels : new Map[] {null, Map.of(), Map.of("org.opencontainers.image.title", "x")}) {
            ImageLimits.Applied applied = ImageLimits.fromLabels(IMAGE, labels).apply(d);
            assertThat(applied.settings()).isEqualTo(d);
            assertThat(applied.warnings()).isEmpty();
            assertThat(applied.describe()).isEqualTo("memory 256m (default), timeout 30 s (default)");
        }
    }

    @Test
    void labelsBeatTheDefaults() {
        ImageLimits.Applied applied = ImageLimits.fromLabels(IMAGE, MATHLIB).apply(Settings.defaults());
        assertThat(applied.settings().limits().memoryBytes()).isEqualTo(12L << 30);
        assertThat(applied.settings().timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(applied.warnings()).isEmpty();
        assertThat(applied.describe()).isEqualTo("memory 12g (label io.leansandbox.suggested-memory of the image lean-sandbox:mathlib), "
                + "timeout 120 s (label io.leansandbox.suggested-timeout of the image lean-sandbox:mathlib)");
        // Only memory and timeout move; the user's marks stay as they were (none).
        assertThat(applied.settings().userLimits()).isEqualTo(UserLimits.NONE);
        assertThat(applied.settings().limits().cpus()).isEqualTo(Settings.defaults().limits().cpus());
    }

    @Test
    void aFloorAloneRaisesTheDefaultButNeverLowersIt() {
        ImageLimits.Applied raised = ImageLimits.fromLabels(IMAGE, Map.of(ImageLimits.MEMORY_FLOOR, "1g")).apply(Settings.defaults());
        assertThat(raised.settings().limits().memoryBytes()).isEqualTo(1L << 30);
        assertThat(raised.memoryOrigin()).isEqualTo("label io.leansandbox.memory-floor of the image " + IMAGE);
        ImageLimits.Applied kept = ImageLimits.fromLabels(IMAGE, Map.of(ImageLimits.MEMORY_FLOOR, "64m")).apply(Settings.defaults());
        assertThat(kept.settings().limits().memoryBytes()).isEqualTo(256L << 20);
        assertThat(kept.memoryOrigin()).isEqualTo("default");
    }

    @Test
    void whatTheUserSetBeatsTheLabels() {
        Settings user = Settings.defaults().toBuilder()
                .limits(Settings.defaults().limits().withMemory(16L << 30))
                .timeout(Duration.ofSeconds(45))
                .build();
        ImageLimits.Applied applied = ImageLimits.fromLabels(IMAGE, MATHLIB).apply(user);
        assertThat(applied.settings()).isEqualTo(user);
        assertThat(applied.warnings()).isEmpty();
        assertThat(applied.describe()).isEqualTo("memory 16g (docker.memory_limit), timeout 45 s (docker.timeout)");
    }

    @Test
    void aSuggestionAboveTheHostsMemoryBecomesTheHostsWithAWarningButAUserLimitIsNeverChanged() {
        long host = 8L << 30; // a laptop smaller than the Mathlib image's suggested 12g, above its 7g floor
        ImageLimits.Applied applied = ImageLimits.fromLabels(IMAGE, MATHLIB).apply(Settings.defaults(), host);
        assertThat(applied.settings().limits().memoryBytes()).isEqualTo(host);
        assertThat(applied.memoryOrigin()).contains("host");
        assertThat(applied.warnings()).singleElement().asString().contains("12g", "8g", IMAGE, "docker.memory_limit");

        ImageLimits.Applied tiny = ImageLimits.fromLabels(IMAGE, MATHLIB).apply(Settings.defaults(), 4L << 30);
        assertThat(tiny.settings().limits().memoryBytes()).isEqualTo(4L << 30);
        assertThat(tiny.warnings()).hasSize(2).anySatisfy(w -> assertThat(w).contains("below the floor", "7g"));

        Settings user = Settings.defaults().toBuilder().limits(Settings.defaults().limits().withMemory(16L << 30)).build();
        ImageLimits.Applied kept = ImageLimits.fromLabels(IMAGE, MATHLIB).apply(user, host);
        assertThat(kept.settings().limits().memoryBytes()).as("the user's choice: the guardrails decide about it").isEqualTo(16L << 30);
        assertThat(kept.warnings()).isEmpty();
    }

    @Test
    void aUserSetLimitAtTheDefaultValueStillBeatsTheLabel() {
        Settings user = Settings.defaults().toBuilder().userLimits(new UserLimits(true, false)).build();
        ImageLimits.Applied applied = ImageLimits.fromLabels(IMAGE, MATHLIB).apply(user);
        assertThat(applied.settings().limits().memoryBytes()).isEqualTo(256L << 20);
        assertThat(applied.settings().timeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void aUserLimitBelowTheFloorIsKeptWithAWarningNamingTheImageTheFloorAndTheSetting() {
        Settings user = Settings.defaults().toBuilder().userLimits(new UserLimits(true, false)).build();
        ImageLimits.Applied applied = ImageLimits.fromLabels(IMAGE, MATHLIB).apply(user);
        assertThat(applied.settings().limits().memoryBytes()).isEqualTo(256L << 20);
        assertThat(applied.warnings()).singleElement().asString()
                .contains("256m", "docker.memory_limit", "7g", IMAGE, ImageLimits.MEMORY_FLOOR, "MEMORY_EXCEEDED");
    }

    @Test
    void aWarmMemoryLimitBelowTheFloorIsWarnedAboutToo() {
        Settings d = Settings.defaults();
        var w = d.warm();
        Settings user = d.toBuilder().warm(new io.leansandbox.engine.warm.WarmSettings(w.enabled(), w.perHeader(), w.maxRepls(),
                w.maxUses(), 2L << 30, w.recycleMemoryBytes(), w.headers())).build();
        ImageLimits.Applied applied = ImageLimits.fromLabels(IMAGE, MATHLIB).apply(user);
        assertThat(applied.warnings()).singleElement().asString().contains("2g", "lean.warm_memory_limit", "7g", IMAGE);
        assertThat(applied.settings().limits().memoryBytes()).as("the sandboxes' own limit is the label's").isEqualTo(12L << 30);
    }

    @Test
    void unreadableLabelsAreIgnoredWithAWarningNamingTheLabel() {
        ImageLimits limits = ImageLimits.fromLabels(IMAGE, Map.of(
                ImageLimits.MEMORY_FLOOR, "lots",
                ImageLimits.SUGGESTED_MEMORY, "1k",
                ImageLimits.SUGGESTED_TIMEOUT, "-5"));
        assertThat(limits.memoryFloor()).isEmpty();
        assertThat(limits.suggestedMemory()).isEmpty();
        assertThat(limits.suggestedTimeout()).isEmpty();
        assertThat(limits.problems()).hasSize(3)
                .anySatisfy(p -> assertThat(p).contains(ImageLimits.MEMORY_FLOOR, "'lots'", "not a byte size", IMAGE))
                .anySatisfy(p -> assertThat(p).contains(ImageLimits.SUGGESTED_MEMORY, "'1k'", "6m"))
                .anySatisfy(p -> assertThat(p).contains(ImageLimits.SUGGESTED_TIMEOUT, "'-5'", "seconds"));
        ImageLimits.Applied applied = limits.apply(Settings.defaults());
        assertThat(applied.settings()).isEqualTo(Settings.defaults());
        assertThat(applied.warnings()).containsExactlyElementsOf(limits.problems());
    }

    @Test
    void aSuggestionBelowTheImagesOwnFloorGivesWayToTheFloor() {
        ImageLimits limits = ImageLimits.fromLabels(IMAGE, Map.of(ImageLimits.MEMORY_FLOOR, "7g", ImageLimits.SUGGESTED_MEMORY, "4g"));
        assertThat(limits.suggestedMemory()).hasValue(7L << 30);
        assertThat(limits.problems()).singleElement().asString().contains("4g", "7g", "floor is used");
    }
}
