package io.leansandbox.engine.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.testing.DockerClients;
import io.leansandbox.engine.testing.TestEngines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine's latency and throughput against the Docker floors, all in one run on one machine:
 * (a) one bare {@code docker exec C true} through docker-java, (b) the engine's transient run of a
 * trivial input on a warm pool, (c) one new container per request (the engine with pooling off,
 * as the original's unpooled mode ran one {@code docker run} per request).
 * Writes docs/PERFORMANCE.md and docs/performance.json.
 *
 * <p>Run: {@code mvn -f engine/pom.xml test-compile exec:java} (needs dockerd and the stand-in image).
 */
public final class EngineBenchmark {

    private static final int[] CONCURRENCY = {1, 4, 16};
    // The stand-in's plain default answers this; the benchmark measures the engine, not Lean.
    private static final String TRIVIAL = "theorem t : True := trivial";

    public static void main(String[] args) throws Exception {
        Path docs = Path.of(args.length > 0 ? args[0] : "docs");
        List<LatencyStats> rows = new ArrayList<>();
        rows.addAll(execFloor());
        rows.addAll(engine("b: engine transient run (warm pool)", pooled(), new int[]{200, 400, 800}));
        rows.addAll(engine("c: new container per request", unpooled(), new int[]{20, 40, 64}));
        write(docs, rows);
    }

    private static Settings pooled() {
        return TestEngines.docker(16).toBuilder().timeout(Duration.ofSeconds(30))
                .pool(new PoolSettings(true, 16, Duration.ofSeconds(3600), 5, 16, Duration.ofSeconds(120))).build();
    }

    private static Settings unpooled() {
        return TestEngines.docker(0).toBuilder().timeout(Duration.ofSeconds(30))
                .pool(new PoolSettings(false, 0, Duration.ofSeconds(3600), 5, 16, Duration.ofSeconds(120))).build();
    }

    /** (a): the price of one {@code docker exec} into a running container, which any exec-per-request design pays. */
    private static List<LatencyStats> execFloor() throws Exception {
        List<LatencyStats> rows = new ArrayList<>();
        try (DockerClient docker = DockerClients.local()) {
            String id = docker.createContainerCmd(TestEngines.image())
                    .withCmd("sleep", "infinity").withUser("65534:65534")
                    .withLabels(Map.of("io.leansandbox.benchmark", "true"))
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none").withInit(true))
                    .exec().getId();
            try {
                docker.startContainerCmd(id).exec();
                LoadRunner.Request exec = () -> {
                    String execId = docker.execCreateCmd(id).withCmd("true").withUser("1000:1000")
                            .withAttachStdout(true).withAttachStderr(true).exec().getId();
                    docker.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion();
                    Long code = docker.inspectExecCmd(execId).exec().getExitCodeLong();
                    if (code == null || code != 0) {
                        throw new IllegalStateException("docker exec true exited with " + code);
                    }
                };
                int[] requests = {40, 80, 160};
                LoadRunner.measure("warm-up", 2, 10, exec);
                for (int i = 0; i < CONCURRENCY.length; i++) {
                    rows.add(report(LoadRunner.measure("a: docker exec floor", CONCURRENCY[i], requests[i], exec)));
                }
            } finally {
                docker.removeContainerCmd(id).withForce(true).exec();
            }
        }
        return rows;
    }

    private static List<LatencyStats> engine(String caseName, Settings settings, int[] requests) throws Exception {
        List<LatencyStats> rows = new ArrayList<>();
        try (LeanSandbox engine = LeanSandbox.start(settings)) {
            LoadRunner.Request run = () -> {
                RunResult result = engine.run(TRIVIAL);
                if (result.status() != Status.SUCCESS) {
                    throw new IllegalStateException("run failed: " + result.status() + " " + result.stderr());
                }
            };
            waitForWarmPool(engine, settings);
            LoadRunner.measure("warm-up", 2, 10, run);
            for (int i = 0; i < CONCURRENCY.length; i++) {
                waitForWarmPool(engine, settings);
                rows.add(report(LoadRunner.measure(caseName, CONCURRENCY[i], requests[i], run)));
            }
        }
        return rows;
    }

    /** Each level starts from a full pool, as a server does after it has been idle a moment. */
    private static void waitForWarmPool(LeanSandbox engine, Settings settings) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (settings.pool().pooling() && engine.poolStats().idle() < settings.pool().size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static LatencyStats report(LatencyStats s) {
        System.err.printf(Locale.ROOT, "%-40s c=%-3d n=%-4d p50=%8.2f ms p99=%8.2f ms %8.1f/s%n",
                s.caseName(), s.concurrency(), s.requests(), s.p50Ms(), s.p99Ms(), s.throughputPerSecond());
        return s;
    }

    private static void write(Path docs, List<LatencyStats> rows) throws Exception {
        Files.createDirectories(docs);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("measured_at", Instant.now().toString());
        root.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + " " + System.getProperty("os.version") + ", Java " + System.getProperty("java.version"));
        root.put("image", TestEngines.image());
        root.put("input", TRIVIAL);
        ArrayNode cases = root.putArray("cases");
        rows.forEach(r -> cases.addPOJO(json.valueToTree(r)));
        ArrayNode targets = root.putArray("targets");
        StringBuilder md = new StringBuilder();
        md.append("# Performance\n\n")
                .append("Written by `mvn -f engine/pom.xml test-compile exec:java` (class `EngineBenchmark`); every figure below comes from one run on one machine.\n\n")
                .append("- Measured: ").append(root.get("measured_at").asText()).append(" on ").append(root.get("machine").asText()).append("\n")
                .append("- Image: `").append(TestEngines.image()).append("` (the stand-in toolchain: it measures the engine, not Lean)\n")
                .append("- Input for (b) and (c): `").append(TRIVIAL).append("`\n\n")
                .append("Cases:\n")
                .append("- **a**: one bare `docker exec C true` through docker-java (create, start, wait, inspect): the floor of any design that execs per request.\n")
                .append("- **b**: `LeanSandbox.run` on a warm pool of 16: a line to the agent already running in the container, a fresh REPL process, the answer; reset happens after, off the request path.\n")
                .append("- **c**: `LeanSandbox.run` with pooling off: a new hardened container per request (create, start, agent, run), removed after, as the original's unpooled mode ran one `docker run` per request.\n\n")
                .append("| case | concurrency | requests | p50 ms | p99 ms | throughput /s |\n|---|---:|---:|---:|---:|---:|\n");
        for (LatencyStats r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f | %.1f |%n",
                    r.caseName(), r.concurrency(), r.requests(), r.p50Ms(), r.p99Ms(), r.throughputPerSecond()));
        }
        md.append("\n## Targets\n\n| target | concurrency | figures | met |\n|---|---:|---|---|\n");
        for (int c : CONCURRENCY) {
            LatencyStats a = find(rows, "a:", c);
            LatencyStats b = find(rows, "b:", c);
            LatencyStats cc = find(rows, "c:", c);
            target(md, targets, "(b) p50 no slower than (a) p50", c,
                    String.format(Locale.ROOT, "%.2f ms vs %.2f ms", b.p50Ms(), a.p50Ms()), b.p50Ms() <= a.p50Ms());
            target(md, targets, "(b) at least 3x faster than (c) (p50)", c,
                    String.format(Locale.ROOT, "%.1fx", cc.p50Ms() / b.p50Ms()), cc.p50Ms() / b.p50Ms() >= 3);
        }
        Files.writeString(docs.resolve("PERFORMANCE.md"), md.toString());
        json.writeValue(docs.resolve("performance.json").toFile(), root);
        System.err.println("wrote " + docs.resolve("PERFORMANCE.md") + " and " + docs.resolve("performance.json"));
    }

    private static void target(StringBuilder md, ArrayNode targets, String name, int c, String figures, boolean met) {
        md.append("| ").append(name).append(" | ").append(c).append(" | ").append(figures).append(" | ")
                .append(met ? "yes" : "**no**").append(" |\n");
        targets.addObject().put("target", name).put("concurrency", c).put("figures", figures).put("met", met);
    }

    private static LatencyStats find(List<LatencyStats> rows, String prefix, int c) {
        return rows.stream().filter(r -> r.caseName().startsWith(prefix) && r.concurrency() == c).findFirst().orElseThrow();
    }
}
