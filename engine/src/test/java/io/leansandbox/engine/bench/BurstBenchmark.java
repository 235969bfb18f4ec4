package io.leansandbox.engine.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.testing.TestEngines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue item 7: 24 concurrent callers of short runs on a pool of 4 (max_sandboxes 64) against the same
 * on a pool of 24: throughput, p50/p95/p99, and the containers made while the callers ran. Two shapes:
 * a one-off burst (24 calls at once) and a sustained load (24 callers, 20 calls each, back to back).
 * Both pools take turns for three rounds; the target is on the median ratio. Writes docs/bursts.json.
 *
 * <pre>
 * mvn -B -o -q -pl engine -am test-compile
 * mvn -B -o -q -pl engine dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * java -cp "$(cat engine/target/cp.txt):engine/target/classes:engine/target/test-classes" io.leansandbox.engine.bench.BurstBenchmark docs
 * </pre>
 * The stand-in's cost model is set explicitly (system property {@code lean.standin.cost_model}, default
 * {@code free}: what the stand-in does without one) and written with the figures.
 */
public final class BurstBenchmark {

    private static final int CALLERS = 24;
    private static final int CALLS_EACH = 20;
    private static final int ROUNDS = 3;
    private static final String TRIVIAL = "theorem t : True := trivial";

    /** One case's figures. */
    record Figures(String pool, int round, String shape, int callers, int requests, double seconds, double throughputPerSecond,
                   double p50Ms, double p95Ms, double p99Ms, long containersMade, int peakAlive, int aliveAfter,
                   double backToSizeSeconds, String loadAverageBefore) {
    }

    public static void main(String[] args) throws Exception {
        Path docs = Path.of(args.length > 0 ? args[0] : "docs");
        List<String> environment = List.of("LEAN_STANDIN_COST_MODEL=" + System.getProperty("lean.standin.cost_model", "free"));
        measure(docs, environment);
    }

    /** The engine benchmark's section of these figures (docs/PERFORMANCE.md), from the same run as docs/bursts.json. */
    static void addTo(BenchmarkReport report, Path docs) throws Exception {
        List<String> environment = List.of(TestEngines.FREE_COSTS);
        report.section("Bursts: a small pool waits for resets", String.format(Locale.ROOT, "24 callers of `%s` on pool_size 4 "
                + "against the same on a pool of 24 (max_sandboxes 64, 5 creations at once, warm REPLs off: every call takes a "
                + "sandbox of the main pool, the pool under test; stand-in at no cost). A one-off burst (24 calls at once) and a "
                + "sustained load (24 callers x 20 calls), %d rounds, the pools taking turns; every case in docs/bursts.json.",
                TRIVIAL, ROUNDS));
        Outcome outcome = measure(docs, environment);
        for (Figures f : outcome.rows()) {
            report.figure(String.format(Locale.ROOT, "round %d, %s, %s", f.round(), f.pool(), f.shape()), String.format(Locale.ROOT,
                    "%.1f calls/s, p50 %.0f ms, p95 %.0f ms, %d containers made, peak %d alive, back to size in %.1f s",
                    f.throughputPerSecond(), f.p50Ms(), f.p95Ms(), f.containersMade(), f.peakAlive(), f.backToSizeSeconds()));
        }
        report.target("sustained: pool of 4 throughput at least 80% of the pool of 24's (median over rounds)",
                outcome.ratios().stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList() + ", median "
                        + String.format(Locale.ROOT, "%.2f", outcome.median()), outcome.median() >= 0.8);
        long burstMade = outcome.rows().stream().filter(f -> f.pool().equals("pool_size 4") && f.shape().startsWith("one-off"))
                .mapToLong(Figures::containersMade).max().orElse(0);
        report.target("one-off burst on pool_size 4: at most 8 containers made (one per caller, 20, before)",
                burstMade + " at most", burstMade <= 8);
    }

    /** What the rounds gave: every case, and the sustained throughput ratios small/big. */
    record Outcome(List<Figures> rows, List<Double> ratios) {
        double median() {
            List<Double> sorted = new ArrayList<>(ratios);
            Collections.sort(sorted);
            return sorted.get(sorted.size() / 2);
        }
    }

    private static Outcome measure(Path docs, List<String> environment) throws Exception {
        System.err.println("sandbox environment: " + environment);
        List<Figures> rows = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        // Both engines live through all rounds and take turns, so that each pair of cases meets about the same
        // load from whatever else runs on the machine.
        try (LeanSandbox small = LeanSandbox.start(settings(4, environment));
             LeanSandbox big = LeanSandbox.start(settings(24, environment))) {
            for (LeanSandbox engine : List.of(small, big)) {
                awaitSize(engine, engine.settings().pool().size());
                for (int i = 0; i < 20; i++) {
                    succeed(engine.run(TRIVIAL)); // the JVM's warm-up, one at a time (no growth)
                }
            }
            for (int round = 1; round <= ROUNDS; round++) {
                rows.add(print(measure(small, round, "one-off burst: 24 calls at once", 1)));
                rows.add(print(measure(big, round, "one-off burst: 24 calls at once", 1)));
                Figures s = print(measure(small, round, "sustained: 24 callers x 20 calls", CALLS_EACH));
                Figures b = print(measure(big, round, "sustained: 24 callers x 20 calls", CALLS_EACH));
                rows.add(s);
                rows.add(b);
                ratios.add(s.throughputPerSecond() / b.throughputPerSecond());
            }
        }
        double median = new Outcome(rows, ratios).median();
        boolean met = median >= 0.8;
        System.err.printf(Locale.ROOT, "target %s: sustained, the pool of 4 at %.0f%% (median of %s) of the pool of 24's throughput (at least 80%%)%n",
                met ? "met" : "MISSED", 100 * median, ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("measured_at", Instant.now().toString());
        out.put("machine", BenchmarkReport.machine());
        out.put("image", TestEngines.image());
        out.put("sandbox_environment", environment);
        out.put("input", TRIVIAL);
        out.put("settings", "max_sandboxes 64, max_concurrent_creations 5, acquire_timeout 120 s, warm REPLs off; pool_size 4 vs 24");
        out.put("cases", rows);
        out.put("target", Map.of("name", "sustained: pool of 4 throughput at least 80% of the pool of 24's (median over rounds)",
                "ratios", ratios.stream().map(r -> Math.round(r * 1000) / 1000.0).toList(),
                "median", Math.round(median * 1000) / 1000.0, "met", met));
        Files.createDirectories(docs);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(docs.resolve("bursts.json").toFile(), out);
        System.err.println("wrote " + docs.resolve("bursts.json"));
        return new Outcome(rows, ratios);
    }

    /** The settings: max_sandboxes 64, 5 creations at once; only the pool's size differs. */
    private static Settings settings(int size, List<String> environment) {
        return TestEngines.docker(size).toBuilder().timeout(Duration.ofSeconds(30)).environment(environment)
                .warm(new io.leansandbox.engine.warm.WarmSettings(false, 1, 1, 1, 0, 0, List.of())) // the main pool is under test
                .pool(new PoolSettings(true, size, Duration.ofSeconds(3600), 5, 64, Duration.ofSeconds(120))).build();
    }

    /** {@code CALLERS} callers released at once, each making {@code callsEach} runs back to back. */
    private static Figures measure(LeanSandbox engine, int round, String shape, int callsEach) throws Exception {
        int size = engine.settings().pool().size();
        awaitSize(engine, size);
        String load = loadAverage();
        long madeBefore = engine.poolStats().created();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger peak = new AtomicInteger(engine.poolStats().alive());
        AtomicBoolean running = new AtomicBoolean(true);
        Thread watch = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(engine.poolStats().alive(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watch.setDaemon(true);
        watch.start();
        ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
        CountDownLatch go = new CountDownLatch(1);
        long start;
        long end;
        try {
            List<Future<?>> callers = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                callers.add(threads.submit(() -> {
                    go.await();
                    for (int i = 0; i < callsEach; i++) {
                        long t0 = System.nanoTime();
                        succeed(engine.run(TRIVIAL));
                        latencies.add((System.nanoTime() - t0) / 1e6);
                    }
                    return null;
                }));
            }
            start = System.nanoTime();
            go.countDown();
            for (Future<?> caller : callers) {
                caller.get();
            }
            end = System.nanoTime();
        } finally {
            threads.shutdownNow();
            running.set(false);
            watch.join();
        }
        long made = engine.poolStats().created() - madeBefore;
        long settle = System.nanoTime();
        awaitSize(engine, size);
        double seconds = (end - start) / 1e9;
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Figures("pool_size " + size, round, shape, CALLERS, sorted.size(), round(seconds),
                round(sorted.size() / seconds), round(percentile(sorted, 50)), round(percentile(sorted, 95)),
                round(percentile(sorted, 99)), made, peak.get(), engine.poolStats().alive(), round((System.nanoTime() - settle) / 1e9), load);
    }

    private static Figures print(Figures f) {
        System.err.printf(Locale.ROOT, "r%d %-12s %-34s n=%-4d %7.1f/s p50=%8.1f ms p95=%8.1f ms p99=%8.1f ms made=%-3d peak alive=%-3d after=%d (%.1f s) load %s%n",
                f.round(), f.pool(), f.shape(), f.requests(), f.throughputPerSecond(), f.p50Ms(), f.p95Ms(), f.p99Ms(), f.containersMade(),
                f.peakAlive(), f.aliveAfter(), f.backToSizeSeconds(), f.loadAverageBefore());
        return f;
    }

    /** Each case starts from the pool at its size, all idle, as after a quiet moment. */
    private static void awaitSize(LeanSandbox engine, int size) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while ((engine.poolStats().idle() != size || engine.poolStats().alive() != size) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /**
     * The machine's 1, 5 and 15 minute load averages (Linux), written with each case: on a shared machine
     * other work takes CPU from the sandboxes, and a pool with more of them takes a larger share of it.
     */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static RunResult succeed(RunResult result) {
        if (result.status() != Status.SUCCESS) {
            throw new IllegalStateException("run failed: " + result.status() + " " + result.stderr());
        }
        return result;
    }

    /** Nearest-rank percentile. */
    private static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static double round(double x) {
        return Math.round(x * 10) / 10.0;
    }
}
