package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.leansandbox.engine.testing.DockerClients;
import io.leansandbox.engine.testing.ReliabilityRows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The rows of one bad-input suite for docs/RELIABILITY.md (see {@link ReliabilityRows}): each case
 * is recorded with what came back and whether it met the standard (a clear error naming the cause,
 * or the right answer for odd but legitimate input; the front door still serving; nothing left
 * behind), decided by the case's own assertions.
 */
final class BadInputRows implements AutoCloseable {

    /** A case's assertions. */
    @FunctionalInterface
    interface Assertions {
        void check() throws Exception;
    }

    private static final int OUTCOME_CHARS = 110;

    private final ReliabilityRows rows;

    BadInputRows(String suite) {
        this.rows = ReliabilityRows.forSuite(suite);
    }

    /** Runs {@code assertions}; the case held when they pass. Recorded either way; a failure is rethrown. */
    void tried(String category, String check, String outcome, Assertions assertions) throws Exception {
        boolean held = false;
        try {
            assertions.check();
            held = true;
        } finally {
            rows.add(category, check, shorten(outcome), held);
        }
    }

    /** A leaks row: the containers {@code what} left, added up in the report's totals. */
    void leaked(String what, int containers) {
        rows.add("leaks", "containers leaked by " + what, containers + " container(s) left", containers == 0, (long) containers);
    }

    /** A results-lost row: results {@code what} should have written but did not, added up in the totals. */
    void lost(String what, int results) {
        rows.add("leaks", "results lost by " + what, results + " result(s) lost", results == 0, (long) results);
    }

    @Override
    public void close() {
        rows.close();
    }

    /** A JSON-RPC response in a few words: {@code error -32602: message}, or the tool result's status or first text line. */
    static String outcome(JsonNode response) {
        if (response.has("error")) {
            JsonNode data = response.at("/error/data");
            return "error " + response.at("/error/code").asInt() + ": " + response.at("/error/message").asText()
                    + (data.isTextual() ? " (" + data.asText() + ")" : "");
        }
        JsonNode result = response.get("result");
        String text = result.at("/content/0/text").asText().lines().findFirst().orElse("")
                .replaceFirst("^Tool \\((.+?)\\) input validation failed: Validation failed: JSON schema validation errors: ", "input schema: ");
        if (result.path("isError").asBoolean()) {
            JsonNode outcome = result.at("/structuredContent/outcome");
            return "isError: " + (outcome.isTextual() ? outcome.asText() + ": " + result.at("/structuredContent/error").asText() : text);
        }
        JsonNode status = result.at("/structuredContent/status");
        return status.isTextual() ? status.asText() + (result.at("/structuredContent/diagnostics/0").isObject()
                ? ", " + result.at("/structuredContent/diagnostics/0/severity").asText() + " at "
                + result.at("/structuredContent/diagnostics/0/line").asInt() + ":"
                + result.at("/structuredContent/diagnostics/0/column").asInt() : "") : text;
    }

    /** The first line of {@code text}, cut to fit a table cell. */
    static String shorten(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= OUTCOME_CHARS ? line : line.substring(0, OUTCOME_CHARS - 3) + "...";
    }

    /**
     * Containers labelled with process {@code pid} as their owner, once its engine had up to 15 s to
     * remove them (a reaper may outlive the process by a moment).
     */
    static int containersOf(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int left;
        while ((left = DockerClients.countLabelled("io.leansandbox.pid", Long.toString(pid))) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return left;
    }

    /** What is left in {@code dir} (a process's java.io.tmpdir): its temporary files it did not remove. */
    static List<String> leftIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(name -> !name.startsWith("hsperfdata_")).toList();
        }
    }
}
