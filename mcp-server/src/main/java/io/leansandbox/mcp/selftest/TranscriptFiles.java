package io.leansandbox.mcp.selftest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a directory of recorded REPL transcripts (the layout of leanprover-community/repl's
 * {@code test/}: {@code NAME.in} beside {@code NAME.expected.out}, searched recursively). An
 * {@code .in} without an {@code .expected.out} has no recorded answer and is left out.
 */
public final class TranscriptFiles {

    private final ObjectMapper json;

    public TranscriptFiles(ObjectMapper json) {
        this.json = json;
    }

    /** Every transcript with a recorded answer below {@code root}, in path order. */
    public List<RecordedTranscript> load(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> inputs = files.filter(p -> p.getFileName() != null && p.getFileName().toString().endsWith(".in"))
                    .filter(Files::isRegularFile)
                    .sorted((a, b) -> name(root, a).compareTo(name(root, b)))
                    .toList();
            List<RecordedTranscript> out = new ArrayList<>();
            for (Path in : inputs) {
                read(root, in).ifPresent(out::add);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the transcripts in " + root + ": " + e.getMessage(), e);
        }
    }

    private Optional<RecordedTranscript> read(Path root, Path in) throws IOException {
        Path out = in.resolveSibling(in.getFileName().toString().replaceFirst("\\.in$", ".expected.out"));
        if (!Files.isRegularFile(out)) {
            return Optional.empty();
        }
        String name = name(root, in);
        List<String> commandBlocks = blocks(in).stream()
                // The REPL skips a query starting with # or -- without answering it.
                .filter(b -> !b.startsWith("#") && !b.startsWith("--"))
                .map(TranscriptFiles::asTheReplReadsIt)
                .toList();
        List<String> answerBlocks = blocks(out);
        List<JsonNode> commands = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < commandBlocks.size(); i++) {
            JsonNode command = parse(commandBlocks.get(i));
            commands.add(command);
            if (command == null) {
                problems.add("command " + (i + 1) + " is not JSON (the engine sends JSON commands only)");
            }
        }
        List<JsonNode> answers = new ArrayList<>();
        for (int i = 0; i < answerBlocks.size(); i++) {
            JsonNode answer = parse(answerBlocks.get(i));
            answers.add(answer);
            if (answer == null) {
                problems.add("recorded answer " + (i + 1) + " is not JSON");
            }
        }
        if (commands.size() != answers.size()) {
            problems.add("the recording has " + commands.size() + " command(s) but " + answers.size() + " answer(s)");
        }
        return Optional.of(new RecordedTranscript(name, commands, answers, problems.isEmpty() ? null : String.join("; ", problems)));
    }

    private JsonNode parse(String block) {
        try {
            return json.readTree(block);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The name of {@code in} below {@code root}, with {@code /} separators and without {@code .in}. */
    private static String name(Path root, Path in) {
        List<String> parts = new ArrayList<>();
        root.relativize(in).forEach(p -> parts.add(p.toString()));
        return String.join("/", parts).replaceFirst("\\.in$", "");
    }

    /**
     * The REPL reads a query line by line, trims each line's right end and joins them without the
     * line breaks: a raw line break inside a JSON string (transcript line_breaks) vanishes.
     */
    private static String asTheReplReadsIt(String block) {
        return block.lines().map(String::stripTrailing).collect(Collectors.joining());
    }

    /** The REPL's framing: queries and answers are separated by blank lines. */
    private static List<String> blocks(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        return Arrays.stream(text.split("\n\\s*\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
