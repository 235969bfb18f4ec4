package io.leansandbox.engine.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.config.DockerHost;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;
import io.leansandbox.engine.grading.eval.EvalSummary;
import io.leansandbox.engine.grading.eval.Evaluation;
import io.leansandbox.engine.grading.eval.Progress;
import io.leansandbox.engine.grading.eval.TrustChoice;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.sandbox.HostStatus;
import io.leansandbox.engine.testing.SecondDaemon;
import io.leansandbox.engine.testing.TestEngines;
import io.leansandbox.engine.warm.WarmSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Issue 14's figures: a fleet of this machine's two Docker daemons against one, with the same number
 * of sandboxes (8 on one daemon, 4 + 4 on two), for transient runs and for eval, both at concurrency
 * 16. On one machine both daemons share its cores, so the ratio says what the fleet costs, not what
 * more machines give: each real host brings its own cores. Needs the second daemon
 * (scripts/second-dockerd.sh start). Writes docs/fleet.json and its own section of docs/PERFORMANCE.md
 * ({@link OwnSection#FLEET}), which the engine benchmark's rewrite keeps.
 *
 * <pre>
 * mvn -B -o -q -pl engine -am test-compile
 * mvn -B -o -q -pl engine dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * java -cp "$(cat engine/target/cp.txt):engine/target/classes:engine/target/test-classes" io.leansandbox.engine.bench.FleetBenchmark docs
 * </pre>
 */
public final class FleetBenchmark {

    private static final int CONCURRENCY = 16;
    private static final int CALLS_EACH = 15;
    private static final int CANDIDATES = 320;
    private static final String TRIVIAL = "theorem t : True := trivial";
    private static final String FIRST = System.getProperty("lean.test.docker.host", "unix:///var/run/docker.sock");
    /** The stand-in charges what Lean costs (REPL start, imports, commands), so runs take about as long as small real ones. */
    private static final String COSTS = "LEAN_STANDIN_COST_MODEL=lean";

    /** One case: where, what, and how fast. */
    record Figures(String where, String workload, int requests, double seconds, double perSecond, double p50Ms, double p95Ms,
                   List<HostStatus> hostsAfter) {
    }

    public static void main(String[] args) throws Exception {
        Path docs = Path.of(args.length > 0 ? args[0] : "docs");
        List<Figures> rows = measure(docs);
        StringBuilder md = new StringBuilder("## A fleet of two Docker daemons against one\n\n").append(String.format(Locale.ROOT,
                "Written by `FleetBenchmark` (engine test sources; needs `scripts/second-dockerd.sh start`), one run. The same 8 "
                + "sandboxes on this machine's one daemon, or 4 + 4 on its two daemons (`docker.hosts`, capacity 4 each), at "
                + "concurrency %d. Transient runs: %d callers x %d calls of `%s`, warm REPLs off. eval: %d candidates "
                + "(`import Std`, 1 in 4 valid) at fast trust, warm REPLs on. Stand-in with the `lean` cost model (a REPL start, "
                + "imports and commands take what Lean takes). Both daemons share this machine's %d cores, so the ratio is what "
                + "the fleet itself costs, not what more machines give: on a real fleet each host brings its own cores and "
                + "its own `capacity`. Every case, with where its sandboxes were, in docs/fleet.json.\n\n",
                CONCURRENCY, CONCURRENCY, CALLS_EACH, TRIVIAL, CANDIDATES, Runtime.getRuntime().availableProcessors()));
        md.append("| case | requests | throughput /s | p50 ms | p95 ms |\n|---|---:|---:|---:|---:|\n");
        for (Figures f : rows) {
            md.append(String.format(Locale.ROOT, "| %s, %s | %d | %.1f | %.0f | %.0f |%n", f.where(), f.workload(), f.requests(),
                    f.perSecond(), f.p50Ms(), f.p95Ms()));
        }
        md.append("\n| target | figures | met |\n|---|---|---|\n");
        for (String workload : List.of("transient runs", "eval")) {
            double one = rows.stream().filter(f -> f.workload().equals(workload) && f.where().startsWith("one")).findFirst()
                    .orElseThrow().perSecond();
            double two = rows.stream().filter(f -> f.workload().equals(workload) && f.where().startsWith("fleet")).findFirst()
                    .orElseThrow().perSecond();
            boolean met = two / one >= 0.8;
            System.err.printf(Locale.ROOT, "target %s: %s on the fleet at %.2f of one daemon's throughput%n", met ? "met" : "MISSED",
                    workload, two / one);
            md.append(String.format(Locale.ROOT, "| %s: the fleet of two keeps at least 80%% of one daemon's throughput with the "
                    + "same sandboxes | %.2f | %s |%n", workload, two / one, met ? "yes" : "**no**"));
        }
        OwnSection.FLEET.write(docs, md.toString(), new ObjectMapper().valueToTree(Map.of("cases", rows)));
    }

    static List<Figures> measure(Path docs) throws Exception {
        SecondDaemon second = SecondDaemon.required();
        List<Figures> rows = new ArrayList<>();
        List<DockerHost> one = List.of();
        List<DockerHost> two = List.of(new DockerHost(FIRST, null, 4), new DockerHost(second.host(), null, 4));
        // Taking turns, so that both meet about the same load from whatever else runs on the machine.
        rows.add(transientRuns("one daemon, 8 sandboxes", one));
        rows.add(transientRuns("fleet of two daemons, 4 + 4 sandboxes", two));
        rows.add(eval("one daemon, 8 sandboxes", one));
        rows.add(eval("fleet of two daemons, 4 + 4 sandboxes", two));
        rows.forEach(f -> System.err.printf(Locale.ROOT, "%s, %s: %.1f/s, p50 %.0f ms, p95 %.0f ms%n", f.where(), f.workload(),
                f.perSecond(), f.p50Ms(), f.p95Ms()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("measured_at", Instant.now().toString());
        out.put("machine", BenchmarkReport.machine());
        out.put("image", TestEngines.image());
        out.put("sandbox_environment", List.of(COSTS));
        out.put("concurrency", CONCURRENCY);
        out.put("cases", rows);
        Files.createDirectories(docs);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(docs.resolve("fleet.json").toFile(), out);
        return rows;
    }

    private static Settings settings(List<DockerHost> hosts, boolean warm) {
        return TestEngines.docker(8).toBuilder()
                .hosts(hosts)
                .environment(List.of(COSTS))
                .timeout(Duration.ofSeconds(30))
                .pool(new PoolSettings(true, 8, Duration.ofSeconds(3600), 4, 8, Duration.ofSeconds(300)))
                .warm(new WarmSettings(warm, 4, 8, 100_000, 0, 0, List.of()))
                .build();
    }

    private static Figures transientRuns(String where, List<DockerHost> hosts) throws Exception {
        try (LeanSandbox engine = LeanSandbox.start(settings(hosts, false))) {
            for (int i = 0; i < 16; i++) {
                succeed(engine.run(TRIVIAL)); // the JVM's and the pool's warm-up
            }
            ExecutorService callers = Executors.newFixedThreadPool(CONCURRENCY);
            try {
                List<Future<List<Long>>> loops = new ArrayList<>();
                long start = System.nanoTime();
                for (int c = 0; c < CONCURRENCY; c++) {
                    loops.add(callers.submit(() -> {
                        List<Long> ms = new ArrayList<>();
                        for (int i = 0; i < CALLS_EACH; i++) {
                            long t = System.nanoTime();
                            succeed(engine.run(TRIVIAL));
                            ms.add((System.nanoTime() - t) / 1_000_000);
                        }
                        return ms;
                    }));
                }
                List<Long> all = new ArrayList<>();
                for (Future<List<Long>> loop : loops) {
                    all.addAll(loop.get());
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                return figures(where, "transient runs", all, seconds, engine.status().hosts());
            } finally {
                callers.shutdownNow();
            }
        }
    }

    private static Figures eval(String where, List<DockerHost> hosts) throws Exception {
        Path dir = Files.createTempDirectory("lean-sandbox-fleet-bench");
        try {
            Path problems = dir.resolve("problems.jsonl");
            Path candidates = dir.resolve("candidates.jsonl");
            ObjectMapper json = new ObjectMapper();
            List<String> p = new ArrayList<>();
            List<String> c = new ArrayList<>();
            for (int i = 0; i < CANDIDATES / 4; i++) {
                String name = "fleet_" + i;
                p.add(json.writeValueAsString(Map.of("name", name, "header", "import Std",
                        "formal_statement", "theorem " + name + " (n : Nat) : n + " + i + " = " + i + " + n := by sorry")));
                for (int a = 0; a < 4; a++) {
                    String proof = a == 0 ? "omega\n  --! standin: axioms " + name + " propext" : "simp\n  --! standin: say error unsolved goals";
                    c.add(json.writeValueAsString(Map.of("problem", name, "attempt", a, "proof", proof)));
                }
            }
            Files.write(problems, p);
            Files.write(candidates, c);
            Settings settings = settings(hosts, true);
            try (LeanSandbox engine = LeanSandbox.start(settings)) {
                EvalSummary summary = Evaluation.builder().problems(problems).candidates(candidates).out(dir.resolve("out.jsonl"))
                        .ks(List.of(1)).concurrency(CONCURRENCY).maxSourceBytes(settings.maxSourceBytes()).build()
                        .run(engine::grade, TrustChoice.given(Trust.FAST), Progress.SILENT);
                if (summary.gradedThisRun() != CANDIDATES || summary.verdicts().getOrDefault(Verdict.INFRA_ERROR, 0) > 0) {
                    throw new IllegalStateException("eval graded " + summary.gradedThisRun() + " of " + CANDIDATES + ": " + summary.verdicts());
                }
                return new Figures(where, "eval", summary.gradedThisRun(), summary.wallMs() / 1000.0, summary.throughput(),
                        summary.p50Ms(), summary.p95Ms(), engine.status().hosts());
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static Figures figures(String where, String workload, List<Long> ms, double seconds, List<HostStatus> hosts) {
        List<Long> sorted = ms.stream().sorted().toList();
        return new Figures(where, workload, ms.size(), seconds, ms.size() / seconds, percentile(sorted, 50), percentile(sorted, 95), hosts);
    }

    private static double percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void succeed(RunResult r) {
        if (r.status() != Status.SUCCESS) {
            throw new IllegalStateException("a run did not succeed: " + r.status() + " " + r.stderr());
        }
    }
}
