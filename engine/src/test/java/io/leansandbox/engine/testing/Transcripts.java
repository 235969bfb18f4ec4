package io.leansandbox.engine.testing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The recorded answers of the real Lean REPL (the repository's vendored fixtures/repl-transcripts, or
 * the directory in system property lean.transcripts): Lean's behaviour in tests comes from these.
 */
public final class Transcripts {

    /** One recording: the commands sent and the answers the real REPL gave. */
    public record Transcript(String name, List<String> commands, List<String> answers) {
    }

    private Transcripts() {
    }

    public static Path directory() {
        return Path.of(System.getProperty("lean.transcripts", "../fixtures/repl-transcripts"));
    }

    public static boolean present() {
        return Files.isDirectory(directory());
    }

    /** Every transcript with a recorded answer. */
    public static List<Transcript> all() {
        try (Stream<Path> files = Files.walk(directory())) {
            return files.filter(p -> p.toString().endsWith(".in"))
                    .sorted()
                    .map(Transcripts::load)
                    .flatMap(Optional::stream)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One dynamic test per transcript {@code which} accepts, named after it; when the transcripts are
     * absent, a single test that says so by name and is skipped, never passed.
     */
    public static Stream<DynamicTest> eachOrSkip(Predicate<Transcript> which, ThrowingConsumer<Transcript> test) {
        if (!present()) {
            return Stream.of(DynamicTest.dynamicTest("transcripts are absent at " + directory() + ": skipped",
                    () -> Assumptions.assumeTrue(false, "no transcripts at " + directory())));
        }
        return all().stream().filter(which).map(t -> DynamicTest.dynamicTest(t.name(), () -> test.accept(t)));
    }

    public static Transcript named(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no transcript " + name + " in " + directory()));
    }

    private static Optional<Transcript> load(Path in) {
        Path out = in.resolveSibling(in.getFileName().toString().replaceFirst("\\.in$", ".expected.out"));
        if (!Files.exists(out)) {
            return Optional.empty();
        }
        String name = directory().relativize(in).toString().replaceFirst("\\.in$", "");
        List<String> commands = blocks(in).stream().map(Transcripts::asTheReplReadsIt).toList();
        return Optional.of(new Transcript(name, commands, blocks(out)));
    }

    /**
     * The REPL reads a command line by line, trims each line's right end and joins them without the
     * line breaks: a raw line break inside a JSON string (as in line_breaks.in) vanishes.
     */
    private static String asTheReplReadsIt(String block) {
        return block.lines().map(String::stripTrailing).collect(java.util.stream.Collectors.joining());
    }

    /** The REPL's framing: JSON values separated by blank lines. */
    private static List<String> blocks(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
            return Arrays.stream(text.split("\n\\s*\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
