package io.leansandbox.mcp;

import io.leansandbox.engine.sandbox.docker.ImageBuilder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a starting engine is doing, for the calls that arrive meanwhile: above all, which image is
 * being built, at which step, since when. The starting thread reports ({@link ImageBuilder.Listener});
 * any thread reads ({@link #building}). Also where a start is cancelled: {@link #cancel} stops a build
 * in progress, so that a server asked to stop does not wait for it.
 */
final class StartProgress implements ImageBuilder.Listener {

    /**
     * A build in progress.
     *
     * @param image   the image being built
     * @param purpose why, when it is not the configured image itself (e.g. "the base of lean-sandbox:mathlib-0.1.0"), else null
     * @param since   when it started
     * @param step    the step it is at, null before the first
     * @param elsewhere whether another lean-sandbox process is building it (this one waits)
     */
    record Build(String image, String purpose, Instant since, ImageBuilder.Step step, boolean elsewhere) {

        /** {@code the Lean image X is being built: step 3/12 (RUN ...), 2m10s so far; try again in a moment}. */
        String describe(Instant now) {
            String what = "the Lean image " + image + (purpose == null ? "" : " (" + purpose + ")");
            String doing = elsewhere ? " is to be built once another lean-sandbox process has built its image"
                    : " is being built: " + (step == null ? "sending the build context" : step.describe());
            return what + doing + ", " + elapsed(Duration.between(since, now)) + " so far; try again in a moment";
        }
    }

    private final Clock clock;
    private final Consumer<String> report;
    private final Consumer<String> output;
    private volatile Build build;
    private volatile Runnable onCancel;
    private volatile boolean cancelled;

    /** Progress that tells {@code report} what happens, each step included (a log, stderr). */
    StartProgress(Consumer<String> report) {
        this(Clock.systemUTC(), report, null);
    }

    /**
     * Progress that tells {@code report} what happens and {@code output} (when not null) each line of
     * the build's output, which announces the steps itself: then {@code report} is not told them.
     */
    StartProgress(Clock clock, Consumer<String> report, Consumer<String> output) {
        this.clock = clock;
        this.report = report;
        this.output = output;
    }

    /** Progress that tells nobody. */
    static StartProgress silent() {
        return new StartProgress(line -> { });
    }

    /** Progress that logs each step (INFO, logger {@code io.leansandbox.mcp.ImageSetup}): serve's. */
    static StartProgress logged() {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ImageSetup.class);
        return new StartProgress(log::info);
    }

    /** A build of {@code image} starts ({@code purpose}: why, when it is not the configured image; else null). */
    void building(String image, String purpose) {
        build = new Build(image, purpose, clock.instant(), null, false);
        report.accept("building the Lean image " + image + (purpose == null ? "" : " (" + purpose + ")")
                + " (a first build takes a few minutes)");
    }

    /** Another lean-sandbox process is building an image (perhaps this one): this one waits before building {@code image}. */
    void waitingForOtherBuild(String image, String purpose) {
        build = new Build(image, purpose, clock.instant(), null, true);
        report.accept("another lean-sandbox process is building an image; waiting for it before building " + image);
    }

    @Override
    public void step(ImageBuilder.Step step) {
        Build current = build;
        if (current != null) {
            build = new Build(current.image(), current.purpose(), current.since(), step, false);
            if (output == null) {
                report.accept("building " + current.image() + ": " + step.describe());
            }
        }
    }

    /** The build succeeded. */
    void built() {
        Build current = build;
        if (current != null && !current.elsewhere()) {
            report.accept("built " + current.image() + " in " + elapsed(Duration.between(current.since(), clock.instant())));
        }
        build = null;
    }

    /** No build is in progress any more (it succeeded, failed, or another process did it). */
    void buildEnded() {
        build = null;
    }

    @Override
    public void output(String line) {
        if (output != null) {
            output.accept(line);
        }
    }

    /** The build in progress, described for a caller: empty when none is. */
    Optional<String> building() {
        Build current = build;
        return current == null ? Optional.empty() : Optional.of(current.describe(clock.instant()));
    }

    /** The image being built, if any. */
    Optional<String> imageBeingBuilt() {
        Build current = build;
        return current == null ? Optional.empty() : Optional.of(current.image());
    }

    /** Runs {@code action} on {@link #cancel} (at once if cancelled already). */
    void onCancel(Runnable action) {
        onCancel = action;
        if (cancelled) {
            action.run();
        }
    }

    /** Stops the start: a build in progress is cancelled. */
    void cancel() {
        cancelled = true;
        Runnable action = onCancel;
        if (action != null) {
            action.run();
        }
    }

    boolean cancelled() {
        return cancelled;
    }

    /** {@code 45s}, {@code 2m10s}, {@code 1h02m}. */
    static String elapsed(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + String.format("%02d", seconds % 60) + "s";
        }
        return seconds / 3600 + "h" + String.format("%02d", seconds % 3600 / 60) + "m";
    }
}
