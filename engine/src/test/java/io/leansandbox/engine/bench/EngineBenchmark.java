package io.leansandbox.engine.bench;

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
import io.leansandbox.engine.warm.WarmSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine's latency and throughput against the Docker floors, all in one run on one machine.
 * Writes docs/PERFORMANCE.md and docs/performance.json.
 *
 * <p>Run: {@code mvn -f engine/pom.xml test-compile exec:java} (needs dockerd and the stand-in image).
 */
public final class EngineBenchmark {

    private static final int[] CONCURRENCY = {1, 4, 16};
    // The stand-in's plain default answers these; the benchmark measures the engine, not Lean.
    private static final String TRIVIAL = "theorem t : True := trivial";
    private static final String WITH_MATHLIB = "import Mathlib\ntheorem t : True := trivial";
    private static final int IMPORT_COST_MS = 2000;

    private final BenchmarkReport report = new BenchmarkReport();

    public static void main(String[] args) throws Exception {
        new EngineBenchmark().run(Path.of(args.length > 0 ? args[0] : "docs"));
    }

    private void run(Path docs) throws Exception {
        report.section("Pool: one-off runs", """
                - **a**: one bare `docker exec C true` through docker-java (create, start, wait, inspect): the floor of any design that execs per request.
                - **b**: `LeanSandbox.run` on a warm pool of 16: a line to the agent already running in the container, a fresh REPL process, the answer; the reset happens after, off the request path.
                - **c**: `LeanSandbox.run` with pooling off: a new hardened container per request (create, start, agent, run), removed after, as the original's unpooled mode ran one `docker run` per request.

                Input for b and c: `%s`.""".formatted(TRIVIAL));
        List<LatencyStats> exec = execFloor();
        List<LatencyStats> pooled = oneOff("b: engine transient run (warm pool)", pooled(), new int[]{200, 400, 800});
        List<LatencyStats> unpooled = oneOff("c: new container per request", unpooled(), new int[]{20, 40, 64});
        for (int i = 0; i < CONCURRENCY.length; i++) {
            LatencyStats a = exec.get(i);
            LatencyStats b = pooled.get(i);
            LatencyStats c = unpooled.get(i);
            report.target("(b) p50 no slower than (a) p50, concurrency " + CONCURRENCY[i],
                    fmt("%.2f ms vs %.2f ms", b.p50Ms(), a.p50Ms()), b.p50Ms() <= a.p50Ms());
            report.target("(b) at least 3x faster than (c) at p50, concurrency " + CONCURRENCY[i],
                    fmt("%.1fx", c.p50Ms() / b.p50Ms()), c.p50Ms() / b.p50Ms() >= 3);
        }
        warmRepls(exec.get(0), exec.get(2));
        withoutImports();
        BurstBenchmark.addTo(report, docs);
        new GradingBenchmark(report).run();
        report.write(docs, """
                Written by `mvn -f engine/pom.xml test-compile exec:java` (class `EngineBenchmark`); every figure below \
                comes from one run on one machine. The image is the stand-in toolchain (`%s`): these figures measure the \
                engine and Docker, not Lean. p99 of a few dozen samples is close to the maximum.
                """.formatted(TestEngines.image()));
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
    private List<LatencyStats> execFloor() throws Exception {
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
                    rows.add(report.row(LoadRunner.measure("a: docker exec floor", CONCURRENCY[i], requests[i], exec)));
                }
            } finally {
                docker.removeContainerCmd(id).withForce(true).exec();
            }
        }
        return rows;
    }

    private List<LatencyStats> oneOff(String caseName, Settings settings, int[] requests) throws Exception {
        List<LatencyStats> rows = new ArrayList<>();
        try (LeanSandbox engine = LeanSandbox.start(settings)) {
            LoadRunner.Request run = () -> succeed(engine.run(TRIVIAL));
            waitForWarmPool(engine, settings);
            LoadRunner.measure("warm-up", 2, 10, run);
            for (int i = 0; i < CONCURRENCY.length; i++) {
                waitForWarmPool(engine, settings);
                rows.add(report.row(LoadRunner.measure(caseName, CONCURRENCY[i], requests[i], run)));
            }
        }
        return rows;
    }

    /** Issue 3's figures: checks sharing `import Mathlib` (2 s to import) on warm REPLs against a fresh REPL each. */
    private void warmRepls(LatencyStats execAtOne, LatencyStats execAtSixteen) throws Exception {
        report.section("Warm REPLs: checks sharing an import header", """
                The stand-in charges %d ms for `import Mathlib` (`LEAN_STANDIN_IMPORT_COSTS=Mathlib=%d` in the sandbox), \
                as importing Mathlib costs seconds. Input: `%s`.

                - **d**: 200 checks at concurrency 4 on warm REPLs (4 per header): the header is imported once per REPL, each check runs its body in the header's environment.
                - **e**: the same 200 checks with warm REPLs off: a fresh REPL per check, which imports the header every time.
                - **f**: trivial checks on warm REPLs at concurrency 1; the engine's own overhead is each check's latency minus the time the REPL took inside the sandbox.
                - **g**: trivial checks on 16 warm REPLs at concurrency 16, against the exec floor's throughput at concurrency 16 (a).
                """.formatted(IMPORT_COST_MS, IMPORT_COST_MS, WITH_MATHLIB.replace("\n", "\\n")));
        try (LeanSandbox warm = LeanSandbox.start(withImportCost(4, true))) {
            LatencyStats d = report.row(LoadRunner.measure("d: warm REPLs, import Mathlib", 4, 200, () -> succeed(warm.run(WITH_MATHLIB))));
            long imports = warm.warmStats().headerImports();
            report.figure("d: header imports", Long.toString(imports));
            report.target("(d) header imports no more than the warm REPLs (4)", imports + " imports", imports <= 4);
            try (LeanSandbox fresh = LeanSandbox.start(withImportCost(4, false))) {
                waitForWarmPool(fresh, fresh.settings());
                LatencyStats e = report.row(LoadRunner.measure("e: fresh REPL per check, import Mathlib", 4, 200, () -> succeed(fresh.run(WITH_MATHLIB))));
                report.figure("e: header imports", "200 (one per check: each fresh REPL imports its header)");
                report.figure("d vs e throughput", fmt("%.1fx", d.throughputPerSecond() / e.throughputPerSecond()));
            }
        }
        try (LeanSandbox warm = LeanSandbox.start(withImportCost(16, true))) {
            for (int i = 0; i < 16; i++) { // warm all 16 REPLs before measuring
                LoadRunner.measure("warm-up", 16, 16, () -> succeed(warm.run(WITH_MATHLIB)));
            }
            List<Double> overheads = Collections.synchronizedList(new ArrayList<>());
            report.row(LoadRunner.measure("f: warm check, trivial", 1, 400, () -> {
                RunResult r = succeed(warm.run(WITH_MATHLIB));
                overheads.add((r.elapsed().toNanos() - r.toolchainTime().toNanos()) / 1e6);
            }));
            double overhead = LatencyStats.of("overhead", 1, overheads, 1).p50Ms();
            report.figure("f: engine overhead p50 (latency minus REPL time)", fmt("%.3f ms", overhead));
            report.target("(f) warm overhead p50 at most 1/20 of the docker exec floor p50",
                    fmt("%.3f ms vs %.3f ms", overhead, execAtOne.p50Ms() / 20), overhead <= execAtOne.p50Ms() / 20);
            LatencyStats g = report.row(LoadRunner.measure("g: warm check, trivial", 16, 3200, () -> succeed(warm.run(WITH_MATHLIB))));
            report.target("(g) warm throughput at concurrency 16 at least 20x the exec floor's",
                    fmt("%.1f/s vs %.1f/s (%.1fx)", g.throughputPerSecond(), execAtSixteen.throughputPerSecond(),
                            g.throughputPerSecond() / execAtSixteen.throughputPerSecond()),
                    g.throughputPerSecond() >= 20 * execAtSixteen.throughputPerSecond());
            report.figure("f+g: header imports", Long.toString(warm.warmStats().headerImports()));
        }
    }

    /**
     * Issue 12's figures: code without imports (the original's common case) on warm REPLs of the empty
     * header against a fresh REPL per check, with the stand-in charging what Lean costs (its `lean`
     * cost model: REPL start, the `Init` import, per command), where the free stand-in starts in ~20 ms
     * and would show no difference.
     */
    private void withoutImports() throws Exception {
        report.section("Checks without imports: warm REPLs of the empty header", """
                The stand-in ran with `LEAN_STANDIN_COST_MODEL=lean`, which charges what real Lean costs (sources in \
                docker/standin/README.md); its effective model, as `repl --cost-model` printed it: `%s`. Input: `%s`.

                - **h**: checks on warm REPLs of the empty header (a pool of 4): the REPL has elaborated an empty command once, each check runs in its environment.
                - **i**: the same checks with warm REPLs off: a fresh REPL per check, which starts and imports `Init` every time.
                """.formatted(costModel(LEAN_COSTS), TRIVIAL));
        int[] concurrency = {1, 4};
        int[] requests = {100, 200};
        for (int i = 0; i < concurrency.length; i++) {
            LatencyStats warm;
            LatencyStats fresh;
            try (LeanSandbox engine = LeanSandbox.start(withoutImports(true))) {
                LoadRunner.measure("warm-up", 4, 8, () -> succeed(engine.run(TRIVIAL)));
                warm = report.row(LoadRunner.measure("h: warm REPL, no imports", concurrency[i], requests[i], () -> succeed(engine.run(TRIVIAL))));
                report.figure("h: REPLs started at concurrency " + concurrency[i], Long.toString(engine.warmStats().headerImports()));
            }
            try (LeanSandbox engine = LeanSandbox.start(withoutImports(false))) {
                waitForWarmPool(engine, engine.settings());
                fresh = report.row(LoadRunner.measure("i: fresh REPL per check, no imports", concurrency[i], requests[i], () -> succeed(engine.run(TRIVIAL))));
            }
            report.target("(h) faster than (i) at p50, concurrency " + concurrency[i], fmt("%.1f ms vs %.1f ms (%.1fx)",
                    warm.p50Ms(), fresh.p50Ms(), fresh.p50Ms() / warm.p50Ms()), warm.p50Ms() < fresh.p50Ms());
            report.figure("h vs i throughput, concurrency " + concurrency[i], fmt("%.1fx", warm.throughputPerSecond() / fresh.throughputPerSecond()));
        }
    }

    private static final List<String> LEAN_COSTS = List.of("LEAN_STANDIN_COST_MODEL=lean");

    private static Settings withoutImports(boolean warm) {
        return TestEngines.docker(4).toBuilder().timeout(Duration.ofSeconds(30))
                .pool(new PoolSettings(true, 4, Duration.ofSeconds(3600), 5, 16, Duration.ofSeconds(300)))
                .environment(LEAN_COSTS)
                .warm(new WarmSettings(warm, 4, 4, 100_000, 0, 0, List.of()))
                .build();
    }

    /** The stand-in's effective cost model under {@code environment}, as it prints it. */
    static String costModel(List<String> environment) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker", "run", "--rm", "--network", "none"));
        environment.forEach(e -> command.addAll(List.of("-e", e)));
        command.addAll(List.of(TestEngines.image(), "repl", "--cost-model"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("`repl --cost-model` failed: " + out);
        }
        return out;
    }

    private static Settings withImportCost(int warmRepls, boolean warm) {
        return TestEngines.docker(warmRepls).toBuilder().timeout(Duration.ofSeconds(30))
                .pool(new PoolSettings(true, 4, Duration.ofSeconds(3600), 5, 16, Duration.ofSeconds(300)))
                .environment(List.of(TestEngines.FREE_COSTS, "LEAN_STANDIN_IMPORT_COSTS=Mathlib=" + IMPORT_COST_MS))
                .warm(new WarmSettings(warm, warmRepls, warmRepls, 100_000, 0, 0, List.of()))
                .build();
    }

    private static RunResult succeed(RunResult result) {
        if (result.status() != Status.SUCCESS) {
            throw new IllegalStateException("run failed: " + result.status() + " " + result.stderr());
        }
        return result;
    }

    /** Each level starts from a full pool, as a server does after it has been idle a moment. */
    private static void waitForWarmPool(LeanSandbox engine, Settings settings) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (settings.pool().pooling() && engine.poolStats().idle() < settings.pool().size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
