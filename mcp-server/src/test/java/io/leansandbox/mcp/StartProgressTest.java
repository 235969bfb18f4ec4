package io.leansandbox.mcp;

import io.leansandbox.engine.sandbox.docker.ImageBuilder;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What calls are told while the image is being built: the image, the step, the time so far. */
class StartProgressTest {

    /** A clock the test moves. */
    private static final class Moving extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aBuildIsDescribedByItsStepAndTimeSoFar() {
        Moving clock = new Moving();
        List<String> reported = new ArrayList<>();
        StartProgress progress = new StartProgress(clock, reported::add, line -> { });
        assertThat(progress.building()).isEmpty();

        progress.building("lean-sandbox:0.1.0", null);
        assertThat(progress.building()).contains("the Lean image lean-sandbox:0.1.0 is being built: sending the build context, "
                + "0s so far; try again in a moment");
        clock.now = clock.now.plusSeconds(130);
        progress.step(new ImageBuilder.Step(3, 12, "RUN apt-get update"));
        assertThat(progress.building()).contains("the Lean image lean-sandbox:0.1.0 is being built: step 3/12 (RUN apt-get update), "
                + "2m10s so far; try again in a moment");
        assertThat(progress.imageBeingBuilt()).contains("lean-sandbox:0.1.0");

        progress.built();
        assertThat(progress.building()).isEmpty();
        assertThat(reported).last().isEqualTo("built lean-sandbox:0.1.0 in 2m10s");
    }

    @Test
    void aBaseImageSaysWhatItIsFor() {
        StartProgress progress = new StartProgress(new Moving(), line -> { }, line -> { });
        progress.building("lean-sandbox:0.1.0", "the base of lean-sandbox:mathlib-0.1.0");
        assertThat(progress.building().orElseThrow())
                .startsWith("the Lean image lean-sandbox:0.1.0 (the base of lean-sandbox:mathlib-0.1.0) is being built: ");
        progress.waitingForOtherBuild("lean-sandbox:0.1.0", null);
        assertThat(progress.building().orElseThrow())
                .startsWith("the Lean image lean-sandbox:0.1.0 is to be built once another lean-sandbox process has built its image");
    }

    @Test
    void cancellingRunsTheCancelActionOnceRegisteredOrAtOnce() {
        StartProgress progress = StartProgress.silent();
        AtomicInteger cancels = new AtomicInteger();
        progress.onCancel(cancels::incrementAndGet);
        progress.cancel();
        assertThat(cancels).hasValue(1);
        assertThat(progress.cancelled()).isTrue();
        progress.onCancel(cancels::incrementAndGet);
        assertThat(cancels).as("registered after the cancel: run at once").hasValue(2);
    }

    @Test
    void elapsedTimesReadLikeAClock() {
        assertThat(StartProgress.elapsed(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(StartProgress.elapsed(Duration.ofSeconds(61))).isEqualTo("1m01s");
        assertThat(StartProgress.elapsed(Duration.ofMinutes(62))).isEqualTo("1h02m");
        assertThat(StartProgress.elapsed(Duration.ofSeconds(-3))).isEqualTo("0s");
    }
}
