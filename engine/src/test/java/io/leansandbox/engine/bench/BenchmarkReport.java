package io.leansandbox.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects a benchmark's figures and targets and writes them as docs/PERFORMANCE.md and docs/performance.json. */
final class BenchmarkReport {

    /** A named group of latency rows, with the text that says what was measured. */
    private record Section(String title, String description, List<LatencyStats> rows, List<String[]> figures) {
    }

    private record Target(String name, String figures, boolean met) {
    }

    private final List<Section> sections = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    void section(String title, String description) {
        sections.add(new Section(title, description, new ArrayList<>(), new ArrayList<>()));
    }

    LatencyStats row(LatencyStats s) {
        System.err.printf(Locale.ROOT, "%-44s c=%-3d n=%-4d p50=%9.3f ms p99=%9.3f ms %8.1f/s%n",
                s.caseName(), s.concurrency(), s.requests(), s.p50Ms(), s.p99Ms(), s.throughputPerSecond());
        current().rows().add(s);
        return s;
    }

    /** A single named figure of the current section. */
    void figure(String name, String value) {
        System.err.println(name + ": " + value);
        current().figures().add(new String[]{name, value});
    }

    void target(String name, String figures, boolean met) {
        System.err.println("target " + (met ? "met" : "MISSED") + ": " + name + " (" + figures + ")");
        targets.add(new Target(name, figures, met));
    }

    private Section current() {
        return sections.get(sections.size() - 1);
    }

    /** The machine a figure was measured on, as every benchmark's JSON names it. */
    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", Java " + System.getProperty("java.version");
    }

    void write(Path docs, String preamble) throws IOException {
        Files.createDirectories(docs);
        String measuredAt = Instant.now().toString();
        String machine = machine();
        StringBuilder md = new StringBuilder("# Performance\n\n").append(preamble)
                .append("\n- Measured: ").append(measuredAt).append(" on ").append(machine).append("\n");
        ObjectNode root = json.createObjectNode().put("measured_at", measuredAt).put("machine", machine);
        ArrayNode jsonSections = root.putArray("sections");
        for (Section s : sections) {
            md.append("\n## ").append(s.title()).append("\n\n").append(s.description()).append("\n");
            ObjectNode js = jsonSections.addObject().put("title", s.title());
            if (!s.rows().isEmpty()) {
                md.append("\n| case | concurrency | requests | p50 ms | p99 ms | throughput /s |\n|---|---:|---:|---:|---:|---:|\n");
                ArrayNode rows = js.putArray("cases");
                for (LatencyStats r : s.rows()) {
                    md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f | %.1f |%n", r.caseName(), r.concurrency(),
                            r.requests(), r.p50Ms(), r.p99Ms(), r.throughputPerSecond()));
                    rows.add(json.valueToTree(r));
                }
            }
            if (!s.figures().isEmpty()) {
                md.append("\n| figure | value |\n|---|---|\n");
                ObjectNode figures = js.putObject("figures");
                for (String[] f : s.figures()) {
                    md.append("| ").append(f[0]).append(" | ").append(f[1]).append(" |\n");
                    figures.put(f[0], f[1]);
                }
            }
        }
        md.append("\n## Targets\n\n| target | figures | met |\n|---|---|---|\n");
        ArrayNode jsonTargets = root.putArray("targets");
        for (Target t : targets) {
            md.append("| ").append(t.name()).append(" | ").append(t.figures()).append(" | ").append(t.met() ? "yes" : "**no**").append(" |\n");
            jsonTargets.addObject().put("target", t.name()).put("figures", t.figures()).put("met", t.met());
        }
        // Sections other benchmarks write (the MCP server's, the fleet's) are kept as they are.
        Path mdFile = docs.resolve("PERFORMANCE.md");
        Path jsonFile = docs.resolve("performance.json");
        String oldMd = Files.exists(mdFile) ? Files.readString(mdFile) : "";
        JsonNode oldJson = Files.exists(jsonFile) ? json.readTree(jsonFile.toFile()) : json.createObjectNode();
        for (OwnSection own : OwnSection.ALL) {
            String kept = own.in(oldMd);
            if (!kept.isEmpty()) {
                md.append('\n').append(kept).append('\n');
            }
            if (oldJson.has(own.key())) {
                root.set(own.key(), oldJson.get(own.key()));
            }
        }
        Files.writeString(mdFile, md.toString());
        json.writeValue(jsonFile.toFile(), root);
        System.err.println("wrote " + docs.resolve("PERFORMANCE.md") + " and " + docs.resolve("performance.json"));
    }
}
