package io.leansandbox.engine.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs a request {@code total} times from {@code concurrency} threads and times each call. */
final class LoadRunner {

    /** One request; throws when it failed, so that failures are never counted as fast successes. */
    interface Request {
        void run() throws Exception;
    }

    private LoadRunner() {
    }

    static LatencyStats measure(String caseName, int concurrency, int total, Request request) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger remaining = new AtomicInteger(total);
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                workers.add(threads.submit(() -> {
                    while (remaining.getAndDecrement() > 0) {
                        long t0 = System.nanoTime();
                        request.run();
                        latencies.add((System.nanoTime() - t0) / 1e6);
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            threads.shutdownNow();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        return LatencyStats.of(caseName, concurrency, latencies, wall);
    }
}
