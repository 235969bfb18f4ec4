package io.leansandbox.engine.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.testing.TestEngines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.leansandbox.engine.testing.LeanInputs.directive;

/**
 * What gVisor costs: for each runtime named on the command line (e.g. {@code runc runsc}), the time to
 * make a sandbox (no pool: one container per run, so each run pays creation and removal) and the
 * latency of a run on a warm pool of one, with the stand-in; writes docs/runtime-overhead.json.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl engine dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * java -cp "$(cat engine/target/cp.txt):engine/target/classes:engine/target/test-classes" io.leansandbox.engine.bench.RuntimeOverheadBenchmark docs runc runsc
 * </pre>
 */
public final class RuntimeOverheadBenchmark {

    private static final int RUNS = 40;

    public static void main(String[] args) throws Exception {
        Path docs = Path.of(args[0]);
        Map<String, Object> figures = new LinkedHashMap<>();
        for (String runtime : List.of(args).subList(1, args.length)) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("warm_pool_run", measure(runtime, true));
            r.put("container_per_run", measure(runtime, false));
            figures.put(runtime, r);
            System.err.println(runtime + ": " + r);
        }
        Files.createDirectories(docs);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(docs.resolve("runtime-overhead.json").toFile(), figures);
    }

    private static LatencyStats measure(String runtime, boolean pooled) {
        Settings settings = TestEngines.docker(1, runtime).toBuilder()
                .pool(new PoolSettings(pooled, pooled ? 1 : 0, Duration.ofSeconds(600), 1, 1, Duration.ofSeconds(60))).build();
        try (LeanSandbox engine = LeanSandbox.start(settings)) {
            for (int i = 0; i < 3; i++) {
                engine.run(directive("sleep 1")); // warm up the JVM and the pool
            }
            List<Double> ms = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < RUNS; i++) {
                long t0 = System.nanoTime();
                if (engine.run(directive("sleep 1")).status() != Status.SUCCESS) {
                    throw new IllegalStateException("a run under " + runtime + " failed");
                }
                ms.add((System.nanoTime() - t0) / 1e6);
            }
            return LatencyStats.of(runtime + (pooled ? " warm pool" : " container per run"), 1, ms,
                    (System.nanoTime() - start) / 1e9);
        }
    }
}
