package io.leansandbox.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A section of docs/PERFORMANCE.md (between its markers) and a key of docs/performance.json that a
 * benchmark of its own writes, and that {@link EngineBenchmark}'s full rewrite keeps as it is.
 *
 * @param name its markers' name ({@code <!-- NAME benchmark: begin -->})
 * @param key  its key in performance.json
 */
public record OwnSection(String name, String key) {

    /** mcp-server's McpBenchmark. */
    public static final OwnSection MCP_SERVER = new OwnSection("mcp-server", "mcp_server");
    /** {@link FleetBenchmark}. */
    public static final OwnSection FLEET = new OwnSection("fleet", "fleet");
    /** The kubernetes backend's KubeClaimLatencyTest. */
    public static final OwnSection KUBERNETES = new OwnSection("kubernetes", "kubernetes");
    static final List<OwnSection> ALL = List.of(MCP_SERVER, FLEET, KUBERNETES);

    String begin() {
        return "<!-- " + name + " benchmark: begin -->";
    }

    String end() {
        return "<!-- " + name + " benchmark: end -->";
    }

    /** The section as it stands in {@code markdown}, markers included, or empty. */
    String in(String markdown) {
        int b = markdown.indexOf(begin());
        int e = markdown.indexOf(end());
        return b >= 0 && e > b ? markdown.substring(b, e + end().length()) : "";
    }

    /** Writes this section ({@code markdown}, without markers) and its JSON into the docs, the rest of both kept. */
    public void write(Path docs, String markdown, JsonNode figures) throws IOException {
        Files.createDirectories(docs);
        Path mdFile = docs.resolve("PERFORMANCE.md");
        String old = Files.exists(mdFile) ? Files.readString(mdFile) : "# Performance\n";
        String section = in(old);
        String rest = section.isEmpty() ? old : old.replace(section, "");
        Files.writeString(mdFile, rest.stripTrailing() + "\n\n" + begin() + "\n" + markdown.strip() + "\n" + end() + "\n");
        ObjectMapper json = new ObjectMapper();
        Path jsonFile = docs.resolve("performance.json");
        ObjectNode root = Files.exists(jsonFile) ? (ObjectNode) json.readTree(jsonFile.toFile()) : json.createObjectNode();
        root.set(key, figures);
        json.writerWithDefaultPrettyPrinter().writeValue(jsonFile.toFile(), root);
        System.err.println("wrote the " + key + " section of " + mdFile + " and " + jsonFile);
    }
}
