package io.leansandbox.mcp.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.grading.AxiomPolicy;
import io.leansandbox.engine.grading.Challenge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads comparator's test projects (the layout of its {@code tests/projects}): one folder per case
 * with {@code config.json}, the challenge module's source, {@code Solution.lean} and {@code test.json}.
 */
public final class ComparatorCaseFiles {

    private final ObjectMapper json;

    public ComparatorCaseFiles(ObjectMapper json) {
        this.json = json;
    }

    /** Every folder of {@code root} that has a {@code test.json}, in name order. */
    public List<ComparatorCase> load(Path root) {
        try (Stream<Path> dirs = Files.list(root)) {
            List<Path> cases = dirs.filter(d -> Files.isRegularFile(d.resolve("test.json")))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
            List<ComparatorCase> out = new ArrayList<>();
            for (Path dir : cases) {
                out.add(read(dir));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the comparator test cases in " + root + ": " + e.getMessage(), e);
        }
    }

    private ComparatorCase read(Path dir) throws IOException {
        String name = dir.getFileName().toString().replace("/", "");
        try {
            JsonNode config = json.readTree(Files.readString(dir.resolve("config.json"), StandardCharsets.UTF_8));
            String module = config.path("challenge_module").asText();
            Challenge challenge = new Challenge(module, Files.readString(dir.resolve(Challenge.modulePath(module)), StandardCharsets.UTF_8),
                    strings(config.path("theorem_names")), strings(config.path("definition_names")));
            JsonNode expected = json.readTree(Files.readString(dir.resolve("test.json"), StandardCharsets.UTF_8)).path("exit_code");
            if (!expected.isInt() || (expected.asInt() != 0 && expected.asInt() != 1)) {
                throw new IllegalArgumentException("test.json's exit_code must be 0 (accepted) or 1 (rejected), got " + expected);
            }
            return new ComparatorCase(name, challenge, Files.readString(dir.resolve("Solution.lean"), StandardCharsets.UTF_8),
                    new AxiomPolicy(strings(config.path("permitted_axioms"))), expected.asInt() == 0);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the comparator test case " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
