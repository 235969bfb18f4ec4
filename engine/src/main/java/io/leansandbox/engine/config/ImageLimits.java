package io.leansandbox.engine.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What an image says about the limits Lean needs in it, read from its labels (docker/CONTRACT.md,
 * "Resource labels"; the figures behind the production images' values are in docs/LIMITS.md):
 * {@value #MEMORY_FLOOR} (below it Lean is expected to run out of memory), {@value #SUGGESTED_MEMORY}
 * and {@value #SUGGESTED_TIMEOUT} (what the engine uses when the user set no limit of that kind).
 * A label that cannot be read is ignored with a warning: an image's mistake must not stop the engine,
 * whose own defaults still apply.
 *
 * @param image            the image the labels are from, as the settings name it
 * @param memoryFloor      the least memory Lean needs in this image
 * @param suggestedMemory  the memory limit the image suggests
 * @param suggestedTimeout the timeout the image suggests
 * @param problems         labels that could not be used, and why, one sentence each
 */
public record ImageLimits(String image, OptionalLong memoryFloor, OptionalLong suggestedMemory,
                          Optional<Duration> suggestedTimeout, List<String> problems) {

    public static final String MEMORY_FLOOR = "io.leansandbox.memory-floor";
    public static final String SUGGESTED_MEMORY = "io.leansandbox.suggested-memory";
    public static final String SUGGESTED_TIMEOUT = "io.leansandbox.suggested-timeout";

    /** Docker refuses a memory limit under 6 MiB ({@link ContainerLimits}). */
    private static final long DOCKER_MINIMUM = 6L << 20;

    public ImageLimits {
        problems = List.copyOf(problems);
    }

    /** An image that states nothing: the settings apply as they are. */
    public static ImageLimits none(String image) {
        return new ImageLimits(image, OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), List.of());
    }

    /** The limits {@code labels} (an image's, null when it has none) state for {@code image}. */
    public static ImageLimits fromLabels(String image, Map<String, String> labels) {
        Map<String, String> given = labels == null ? Map.of() : labels;
        List<String> problems = new ArrayList<>();
        OptionalLong floor = memory(image, given, MEMORY_FLOOR, problems);
        OptionalLong suggested = memory(image, given, SUGGESTED_MEMORY, problems);
        if (floor.isPresent() && suggested.isPresent() && suggested.getAsLong() < floor.getAsLong()) {
            problems.add("the image " + image + " suggests " + ByteSize.format(suggested.getAsLong()) + " of memory (label "
                    + SUGGESTED_MEMORY + "), below its own floor of " + ByteSize.format(floor.getAsLong()) + " (label "
                    + MEMORY_FLOOR + "): the floor is used instead");
            suggested = floor;
        }
        return new ImageLimits(image, floor, suggested, timeout(image, given, problems), problems);
    }

    private static OptionalLong memory(String image, Map<String, String> labels, String label, List<String> problems) {
        String text = labels.get(label);
        if (text == null || text.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            long bytes = ByteSize.parse(text);
            if (bytes >= DOCKER_MINIMUM) {
                return OptionalLong.of(bytes);
            }
            problems.add(ignored(image, label, text, "under Docker's minimum of 6m"));
        } catch (IllegalArgumentException e) {
            problems.add(ignored(image, label, text, "not a byte size (expected e.g. 512m or 8g)"));
        }
        return OptionalLong.empty();
    }

    private static Optional<Duration> timeout(String image, Map<String, String> labels, List<String> problems) {
        String text = labels.get(SUGGESTED_TIMEOUT);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            double seconds = Double.parseDouble(text.strip());
            if (seconds > 0 && seconds < 1e9) {
                return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
            }
        } catch (NumberFormatException e) {
            // said below
        }
        problems.add(ignored(image, SUGGESTED_TIMEOUT, text, "not a positive number of seconds (expected e.g. 120)"));
        return Optional.empty();
    }

    private static String ignored(String image, String label, String value, String why) {
        return "the image " + image + " has the label " + label + "='" + value + "', " + why + ": the label is ignored";
    }

    /**
     * The settings sandboxes of this image run with, where each limit came from, and the warnings to log.
     *
     * @param settings      {@code configured} with the image's suggestions where the user set nothing
     * @param memoryOrigin  where the memory limit came from, e.g. {@code docker.memory_limit}
     * @param timeoutOrigin where the timeout came from
     * @param warnings      one line each: a limit below the image's floor, a label that could not be read
     */
    public record Applied(Settings settings, String memoryOrigin, String timeoutOrigin, List<String> warnings) {

        public Applied {
            warnings = List.copyOf(warnings);
        }

        /** The effective limits in one line, for logs and {@code status}: {@code memory 12g (...), timeout 30 s (...)}. */
        public String describe() {
            return "memory " + ByteSize.format(settings.limits().memoryBytes()) + " (" + memoryOrigin + "), timeout "
                    + seconds(settings.timeout()) + " (" + timeoutOrigin + ")";
        }
    }

    /**
     * {@code configured} with these limits applied: a limit the user set ({@link Settings#userLimits()}) is
     * kept, with a warning when it is below the image's floor; a limit left at its default becomes the
     * image's suggestion (memory: at least its floor). The user's marks are kept as they were.
     */
    public Applied apply(Settings configured) {
        return apply(configured, 0);
    }

    /**
     * {@link #apply(Settings)} on a Docker host with {@code hostMemory} bytes (0: unknown): a memory limit
     * the image suggests (never one the user set) above what the host has becomes the host's memory, with
     * a warning, so that the Mathlib image starts on a laptop smaller than its suggestion instead of
     * being refused over a value nobody chose.
     */
    public Applied apply(Settings configured, long hostMemory) {
        List<String> warnings = new ArrayList<>(problems);
        UserLimits user = configured.userLimits();
        long memory = configured.limits().memoryBytes();
        String memoryOrigin;
        if (user.memory()) {
            memoryOrigin = "docker.memory_limit";
            belowFloor(memory, "docker.memory_limit").ifPresent(warnings::add);
        } else if (suggestedMemory.isPresent()) {
            memory = suggestedMemory.getAsLong();
            memoryOrigin = "label " + SUGGESTED_MEMORY + " of the image " + image;
        } else if (memoryFloor.isPresent() && memoryFloor.getAsLong() > memory) {
            memory = memoryFloor.getAsLong();
            memoryOrigin = "label " + MEMORY_FLOOR + " of the image " + image;
        } else {
            memoryOrigin = "default";
        }
        if (!user.memory() && hostMemory > 0 && memory > hostMemory) {
            warnings.add("the image " + image + " suggests a memory limit of " + ByteSize.format(memory) + " (" + memoryOrigin
                    + "), more than the Docker host's " + ByteSize.format(hostMemory) + ": sandboxes get the host's "
                    + ByteSize.format(hostMemory) + "; set docker.memory_limit to choose (docs/LIMITS.md)");
            memory = hostMemory;
            memoryOrigin = "the Docker host's memory, below the image's suggestion";
            belowFloor(memory, "docker.memory_limit").ifPresent(warnings::add);
        }
        // A warm REPL's own memory limit (0: the sandboxes' one) is always the user's.
        long warm = configured.warm().memoryBytes();
        if (warm > 0) {
            belowFloor(warm, "lean.warm_memory_limit").ifPresent(warnings::add);
        }
        Duration timeout = configured.timeout();
        String timeoutOrigin;
        if (user.timeout()) {
            timeoutOrigin = "docker.timeout";
        } else if (suggestedTimeout.isPresent()) {
            timeout = suggestedTimeout.get();
            timeoutOrigin = "label " + SUGGESTED_TIMEOUT + " of the image " + image;
        } else {
            timeoutOrigin = "default";
        }
        Settings effective = configured.toBuilder()
                .limits(configured.limits().withMemory(memory))
                .timeout(timeout)
                .userLimits(user)
                .build();
        return new Applied(effective, memoryOrigin, timeoutOrigin, warnings);
    }

    private Optional<String> belowFloor(long bytes, String setting) {
        if (memoryFloor.isEmpty() || bytes >= memoryFloor.getAsLong()) {
            return Optional.empty();
        }
        return Optional.of("the memory limit " + ByteSize.format(bytes) + " (" + setting + ") is below the floor of "
                + ByteSize.format(memoryFloor.getAsLong()) + " that the image " + image + " states (label " + MEMORY_FLOOR
                + "): Lean may run out of memory there (MEMORY_EXCEEDED) before it answers. Raise " + setting
                + (setting.equals("docker.memory_limit") ? ", or leave it unset to use the image's suggestion" : "")
                + " (docs/LIMITS.md)");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
