package io.leansandbox.engine.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latencies of one benchmark case at one concurrency, and the throughput they came with. */
record LatencyStats(String caseName, int concurrency, int requests, double p50Ms, double p99Ms, double throughputPerSecond) {

    static LatencyStats of(String caseName, int concurrency, List<Double> latenciesMs, double wallSeconds) {
        List<Double> sorted = new ArrayList<>(latenciesMs);
        Collections.sort(sorted);
        return new LatencyStats(caseName, concurrency, sorted.size(), percentile(sorted, 50), percentile(sorted, 99),
                sorted.size() / wallSeconds);
    }

    /** Nearest-rank percentile. */
    private static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
