package io.leansandbox.engine.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one reliability suite observed, one row per check, written as {@code <suite>.json} under the
 * directory named by system property {@code lean.reliability.rows} (the build sets it to the
 * repository's {@code target/reliability}); {@code ReliabilityReport} turns every suite's rows into
 * docs/RELIABILITY.md. Tests add a row with what they saw, then assert on it.
 */
public final class ReliabilityRows implements AutoCloseable {

    /**
     * One check.
     *
     * @param category load, fault, hostile code (runc), hostile code (runsc), bad input, leaks
     * @param check    what was tried
     * @param outcome  what came back, in a few words (the status, the error's first words)
     * @param held     whether it was contained as the suite expects (the test asserts the same)
     * @param figure   a number the summary adds up (calls answered, containers leaked, results lost), or null
     */
    public record Row(String category, String check, String outcome, boolean held, Long figure) {
    }

    private final String suite;
    private final List<Row> rows = new ArrayList<>();

    private ReliabilityRows(String suite) {
        this.suite = suite;
    }

    public static ReliabilityRows forSuite(String suite) {
        return new ReliabilityRows(suite);
    }

    public synchronized Row add(String category, String check, String outcome, boolean held) {
        return add(category, check, outcome, held, null);
    }

    public synchronized Row add(String category, String check, String outcome, boolean held, Long figure) {
        Row row = new Row(category, check, outcome, held, figure);
        rows.add(row);
        return row;
    }

    /** Writes the rows (when the build named a directory for them); every suite rewrites only its own file. */
    @Override
    public synchronized void close() {
        String dir = System.getProperty("lean.reliability.rows", "");
        if (dir.isBlank() || rows.isEmpty()) {
            return;
        }
        try {
            Path file = Path.of(dir).resolve(suite + ".json");
            Files.createDirectories(file.getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
