package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A recorded transcript of the real Lean REPL (fixtures/repl-transcripts, a copy of ../shared/fixtures, or the directory
 * in system property lean.transcripts): the commands sent and the answers Lean gave. Tests that need
 * Lean's verdicts take them from here; the stand-in image replays the same recordings.
 */
record RecordedTranscript(String name, List<JsonNode> commands, List<JsonNode> answers) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Path directory() {
        return Path.of(System.getProperty("lean.transcripts", "../fixtures/repl-transcripts"));
    }

    static RecordedTranscript named(String name) {
        Path in = directory().resolve(name + ".in");
        Path out = directory().resolve(name + ".expected.out");
        return new RecordedTranscript(name, blocks(in, true), blocks(out, false));
    }

    /** The code of command {@code i} (from 0). */
    String code(int i) {
        return commands.get(i).get("cmd").asText();
    }

    /**
     * The REPL's framing: JSON values apart by blank lines. The REPL reads a command line by line,
     * trimming each line's right end and joining them without the line breaks.
     */
    private static List<JsonNode> blocks(Path file, boolean asTheReplReadsIt) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
            return Arrays.stream(text.split("\n\\s*\n"))
                    .map(String::strip)
                    .filter(block -> !block.isEmpty())
                    .map(block -> asTheReplReadsIt ? block.lines().map(String::stripTrailing).collect(Collectors.joining()) : block)
                    .map(RecordedTranscript::parse)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
