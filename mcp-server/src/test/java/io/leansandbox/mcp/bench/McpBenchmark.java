package io.leansandbox.mcp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leansandbox.engine.bench.OwnSection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The MCP server's figures in docs/PERFORMANCE.md and docs/performance.json: runs
 * {@link StartupBenchmark} and {@link ApplyTacticsBenchmark} and writes their results as the file's
 * "MCP server" section (between the markers the engine's benchmark keeps) and its {@code mcp_server} key.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl mcp-server dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * java -cp "$(cat mcp-server/target/cp.txt):mcp-server/target/test-classes" io.leansandbox.mcp.bench.McpBenchmark docs
 * </pre>
 */
public final class McpBenchmark {

    public static void main(String[] args) throws Exception {
        Path docs = Path.of(args.length > 0 ? args[0] : "docs");
        Path work = Files.createTempDirectory("lean-sandbox-mcp-bench");
        Path startup = work.resolve("startup.json");
        Path tactics = work.resolve("apply-tactics.json");
        StartupBenchmark.main(new String[] {startup.toString()});
        ApplyTacticsBenchmark.main(new String[] {tactics.toString()});
        ObjectMapper json = new ObjectMapper();
        JsonNode s = json.readTree(startup.toFile());
        JsonNode t = json.readTree(tactics.toFile());
        Files.deleteIfExists(startup);
        Files.deleteIfExists(tactics);
        Files.deleteIfExists(work);

        double coldWith = s.path("with_archive").path("p50_ms").asDouble(Double.NaN);
        double coldWithout = s.path("without_archive").path("p50_ms").asDouble();
        double wall = t.path("median_wall_ms").asDouble();
        double slowest = t.path("median_slowest_attempt_ms").asDouble();
        double sum = t.path("median_sum_of_attempts_ms").asDouble();
        StringBuilder md = new StringBuilder("## MCP server\n\n")
                .append("Written by `McpBenchmark` (mcp-server test sources), one run of the shaded jar over stdio against the stand-in image.\n\n")
                .append("- **initialize**: a cold JVM started as an MCP client starts `serve`, timed to the answer to `initialize`, ")
                .append(s.path("runs").asInt()).append(" runs each, with and without the class-data archive the build makes.\n")
                .append("- **apply-tactics**: one call of ").append(t.path("tactics").asInt()).append(" tactics that each take ")
                .append(t.path("sleep_ms").asInt()).append(" ms (stand-in `sleep` directive), median of ")
                .append(t.path("rounds").asInt()).append(" rounds, against its slowest attempt and the sum of its attempts.\n\n")
                .append("| figure | value |\n|---|---|\n")
                .append(row("initialize p50, with the archive", fmt("%.0f ms (p90 %.0f ms)", coldWith, s.path("with_archive").path("p90_ms").asDouble())))
                .append(row("initialize p50, without it", fmt("%.0f ms (p90 %.0f ms)", coldWithout, s.path("without_archive").path("p90_ms").asDouble())))
                .append(row("apply-tactics wall time", fmt("%.0f ms", wall)))
                .append(row("its slowest attempt / the sum of its attempts", fmt("%.0f ms / %.0f ms", slowest, sum)))
                .append(row("the same tactics as apply-tactic calls one after another", fmt("%.0f ms",
                        t.path("median_sequential_apply_tactic_ms").asDouble())))
                .append("\n| target | figures | met |\n|---|---|---|\n")
                .append(target("initialize from a cold JVM under 500 ms (p50)", fmt("%.0f ms", coldWith), coldWith < 500))
                .append(target("apply-tactics well under the sum of its attempts (at most half)", fmt("%.0f ms vs %.0f ms", wall, sum),
                        wall <= sum / 2));
        ObjectNode mcp = json.createObjectNode();
        mcp.set("startup", s);
        mcp.set("apply_tactics", t);
        OwnSection.MCP_SERVER.write(docs, md.toString(), mcp);
    }

    private static String row(String name, String value) {
        return "| " + name + " | " + value + " |\n";
    }

    private static String target(String name, String figures, boolean met) {
        System.err.println("target " + (met ? "met" : "MISSED") + ": " + name + " (" + figures + ")");
        return "| " + name + " | " + figures + " | " + (met ? "yes" : "**no**") + " |\n";
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
