package io.leansandbox.engine.grading.eval;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads JSONL: one JSON object per line; blank lines are skipped, any other line that is not an object is an issue. */
final class JsonLines {

    /**
     * Strict: two objects on one line, or a key given twice, would each leave it unclear what the
     * line means, so both make the line an issue.
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** One object and the line (from 1) it was on. */
    record Line(int number, ObjectNode object) {
    }

    /** The objects of a file, and how many of its lines were not blank (objects or not). */
    record Parsed(List<Line> objects, int nonBlankLines) {
    }

    private JsonLines() {
    }

    /** Reads {@code path} (UTF-8); lines that are not JSON objects are added to {@code issues} and skipped. */
    static Parsed read(Path path, List<InputIssue> issues) {
        List<Line> objects = new ArrayList<>();
        int nonBlank = 0;
        int number = 0;
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                number++;
                if (number == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isBlank()) {
                    continue;
                }
                nonBlank++;
                try {
                    objects.add(new Line(number, object(text)));
                } catch (IllegalArgumentException e) {
                    issues.add(new InputIssue(path.toString(), number, e.getMessage() + "; line skipped"));
                }
            }
        } catch (NoSuchFileException e) {
            throw new EvalInputException("no such file: " + path);
        } catch (MalformedInputException e) {
            throw new EvalInputException(path + " is not valid UTF-8 (near line " + (number + 1) + ")");
        } catch (IOException e) {
            throw new EvalInputException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return new Parsed(objects, nonBlank);
    }

    /** {@code path}'s objects; a file with no line that is not blank is an {@link EvalInputException}. */
    static Parsed readNonEmpty(Path path, String what, List<InputIssue> issues) {
        if (Files.isDirectory(path)) {
            throw new EvalInputException(path + " is a directory, not a " + what + " file");
        }
        Parsed parsed = read(path, issues);
        if (parsed.nonBlankLines() == 0) {
            throw new EvalInputException(path + " is empty: a " + what + " file holds one JSON object per line");
        }
        return parsed;
    }

    /** The JSON object on {@code text}; an {@link IllegalArgumentException} saying what it is instead. */
    static ObjectNode object(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's message names its own source object; the line is what the reader needs.
            String why = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source:.*$", "").strip();
            int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            throw new IllegalArgumentException("not valid JSON" + (column > 0 ? " at column " + column : "") + ": " + why);
        }
        if (node instanceof ObjectNode o) {
            return o;
        }
        throw new IllegalArgumentException("not a JSON object but " + typeOf(node));
    }

    static String typeOf(JsonNode node) {
        return "a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** A string field: its text, or null when absent or JSON null; an {@link IllegalArgumentException} when it is not a string. */
    static String string(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string, got " + typeOf(value));
        }
        return value.textValue();
    }
}
