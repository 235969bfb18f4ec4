package io.leansandbox.mcp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes docs/RELIABILITY.md from the rows every reliability suite wrote ({@code <suite>.json} under
 * target/reliability, see the engine's test helper {@code ReliabilityRows}): one table of every check,
 * grouped by category, then the totals. Suites that did not run are said to be "not run", never
 * counted as passed.
 *
 * <pre>
 * bash scripts/reliability.sh     # runs every suite, then this:
 * java -cp "$(cat mcp-server/target/cp.txt):mcp-server/target/test-classes" io.leansandbox.mcp.bench.ReliabilityReport \
 *     target/reliability docs/RELIABILITY.md
 * </pre>
 */
public final class ReliabilityReport {

    /** The categories in table order; any other "bad input (...)" comes after these, then anything else before leaks. */
    static final List<String> ORDER = List.of("load", "fault", "hostile code (runc)", "hostile code (runsc)",
            "bad input (MCP stdio)", "bad input (MCP HTTP)", "bad input (.lean source)", "bad input (configuration)",
            "bad input (eval JSONL)", "bad input (Maven plugin)");
    static final String LEAKS = "leaks";
    static final String COMMAND = "bash scripts/reliability.sh";

    /** One row as a suite wrote it, and the suite. */
    record Row(String suite, String category, String check, String outcome, boolean held, Long figure) {
    }

    private ReliabilityReport() {
    }

    public static void main(String[] args) throws IOException {
        Path rows = Path.of(args.length > 0 ? args[0] : "target/reliability");
        Path out = Path.of(args.length > 1 ? args[1] : "docs/RELIABILITY.md");
        String report = render(read(rows));
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, report);
        System.out.println("wrote " + out + " from the rows under " + rows);
    }

    /** Every row of every {@code *.json} under {@code dir}, suites in name order, rows as written; none when it does not exist. */
    static List<Row> read(Path dir) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return rows;
        }
        ObjectMapper json = new ObjectMapper();
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            String suite = file.getFileName().toString().replaceFirst("\\.json$", "");
            for (JsonNode row : json.readTree(file.toFile())) {
                JsonNode figure = row.get("figure");
                rows.add(new Row(suite, row.path("category").asText(), row.path("check").asText(), row.path("outcome").asText(),
                        row.path("held").asBoolean(), figure == null || figure.isNull() ? null : figure.asLong()));
            }
        }
        return rows;
    }

    /** The whole document. */
    static String render(List<Row> rows) {
        List<Row> ordered = new ArrayList<>(rows);
        // Within a category by check: the order tests run in is JUnit's, which says nothing.
        ordered.sort(Comparator.comparingInt(ReliabilityReport::rank).thenComparing(Row::category)
                .thenComparing(row -> row.check().toLowerCase(java.util.Locale.ROOT)));
        StringBuilder md = new StringBuilder("# Reliability\n\n")
                .append("What lean-sandbox was put through, and what each attempt got back: load, faults injected into its ")
                .append("sandboxes, hostile code under each container runtime, malformed or hostile input at every front door ")
                .append("(MCP over stdio and HTTP, .lean files, configuration, eval's JSONL, the Maven plugin's parameters), ")
                .append("and what was left behind. The standard for bad input: a clear error that names the cause (or, for odd ")
                .append("but legitimate input, the right answer), nothing lost, and the process still serving: every such ")
                .append("row's test sends the next valid request to the same process, or checks the one-shot command's exit ")
                .append("code and message. `held` says whether the check met its standard; a `no` is a known gap, and the ")
                .append("test that found it says where the fix belongs.\n\n")
                .append("Written by `ReliabilityReport` (mcp-server test sources) from the rows the suites recorded (")
                .append(suites(rows)).append("). The engine's own refusals of bad sources (empty, 10 MiB, NUL, invalid ")
                .append("UTF-8, a missing image, no Docker daemon) are tested by its `BadInputIT`.\n\n")
                .append("| category | check | outcome | held |\n|---|---|---|---|\n");
        for (Row row : ordered) {
            md.append("| ").append(cell(row.category())).append(" | ").append(cell(row.check())).append(" | ")
                    .append(cell(row.outcome())).append(" | ").append(row.held() ? "yes" : "**no**").append(" |\n");
        }
        if (ordered.isEmpty()) {
            md.append("| (no suite has run) | | | |\n");
        }
        md.append("\n## Totals\n\n").append(totals(rows)).append("\n## Reproduce\n\n```bash\n").append(COMMAND).append("\n```\n\n")
                .append("It runs every module's tests (`mvn -B install`; Docker and the test images needed, see the README), ")
                .append("each suite writing its rows under `target/reliability/`, then writes this file from them.\n");
        return md.toString();
    }

    /** The totals block. */
    static String totals(List<Row> rows) {
        Map<String, String> lines = new LinkedHashMap<>();
        List<Row> load = of(rows, "load");
        lines.put("load held", load.isEmpty() ? "not run" : load.stream().allMatch(Row::held) ? "yes (" + load.size() + " checks)"
                : "no (" + load.stream().filter(r -> !r.held()).count() + " of " + load.size() + " checks did not hold)");
        lines.put("faults survived", fraction(of(rows, "fault")));
        lines.put("hostile code contained", "runc " + fraction(of(rows, "hostile code (runc)")) + ", runsc "
                + fraction(of(rows, "hostile code (runsc)")));
        List<Row> bad = rows.stream().filter(r -> r.category().startsWith("bad input")).toList();
        lines.put("bad inputs tried", bad.isEmpty() ? "not run" : bad.size() + ", " + bad.stream().filter(Row::held).count() + " held");
        lines.put("containers leaked", sum(rows, "containers leaked"));
        lines.put("results lost", sum(rows, "results lost"));
        StringBuilder md = new StringBuilder();
        lines.forEach((name, value) -> md.append("- ").append(name).append(": ").append(value).append('\n'));
        return md.toString();
    }

    private static List<Row> of(List<Row> rows, String category) {
        return rows.stream().filter(r -> r.category().equals(category)).toList();
    }

    /** {@code held/all}, or "not run". */
    private static String fraction(List<Row> rows) {
        return rows.isEmpty() ? "not run" : rows.stream().filter(Row::held).count() + "/" + rows.size();
    }

    /** The sum of the figures of the rows whose check starts with {@code prefix}, or "not run" when there are none. */
    private static String sum(List<Row> rows, String prefix) {
        List<Row> counted = rows.stream().filter(r -> r.check().startsWith(prefix)).toList();
        if (counted.isEmpty()) {
            return "not run";
        }
        long total = counted.stream().mapToLong(r -> r.figure() == null ? 0 : r.figure()).sum();
        return total + " (over " + counted.size() + " check" + (counted.size() == 1 ? "" : "s") + ")";
    }

    /** Where a category goes: the fixed order, other bad inputs after the known ones, anything else next, leaks last. */
    private static int rank(Row row) {
        int known = ORDER.indexOf(row.category());
        if (known >= 0) {
            return known;
        }
        if (row.category().startsWith("bad input")) {
            return ORDER.size();
        }
        return row.category().equals(LEAKS) ? ORDER.size() + 2 : ORDER.size() + 1;
    }

    private static String suites(List<Row> rows) {
        List<String> names = rows.stream().map(Row::suite).distinct().map(s -> "`" + s + "`").toList();
        return names.isEmpty() ? "none yet" : String.join(", ", names);
    }

    /** Text fit for a table cell: one line; pipes, backslashes, stars and tags shown as written. */
    static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("<", "&lt;")
                .replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
