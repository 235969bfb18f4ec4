package io.leansandbox.engine;

import io.leansandbox.engine.config.DockerHost;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.sandbox.HostStatus;
import io.leansandbox.engine.testing.SecondDaemon;
import io.leansandbox.engine.testing.TestEngines;
import io.leansandbox.engine.warm.WarmSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.leansandbox.engine.testing.LeanInputs.directive;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet of two real Docker daemons on this machine (the first, and the second CI starts with
 * scripts/second-dockerd.sh): runs are spread over both; the second killed under load ends only its
 * own runs, as infrastructure errors, while every later call succeeds on the first; once it is back
 * the fleet takes it in again; nothing is left on either.
 */
class FleetIT {

    private static final String FIRST = System.getProperty("lean.test.docker.host", "unix:///var/run/docker.sock");

    @Test
    void runsSpreadOverTwoDaemonsAndADaemonKilledUnderLoadLeavesTheOtherServing() throws Exception {
        SecondDaemon second = SecondDaemon.required();
        Settings settings = TestEngines.docker(4).toBuilder()
                .hosts(List.of(new DockerHost(FIRST, null, 2), new DockerHost(second.host(), null, 2)))
                .warm(new WarmSettings(false, 2, 8, 100, 0, 0, List.of()))
                .dockerApiTimeout(Duration.ofSeconds(5))
                .pool(new PoolSettings(true, 4, Duration.ofSeconds(300), 4, 4, Duration.ofSeconds(30)))
                .build();
        String engineId;
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (LeanSandbox engine = LeanSandbox.start(settings)) {
            engineId = engine.id();
            // 1. Spread: eight runs at once on a pool of four, capacity two on each daemon.
            List<Future<RunResult>> burst = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                burst.add(callers.submit(() -> engine.run(directive("sleep 300"))));
            }
            for (Future<RunResult> run : burst) {
                assertThat(run.get(60, TimeUnit.SECONDS).status()).isEqualTo(Status.SUCCESS);
            }
            List<HostStatus> hosts = engine.status().hosts();
            assertThat(hosts).extracting(HostStatus::address).containsExactly(FIRST, second.host());
            assertThat(hosts).allSatisfy(h -> {
                assertThat(h.up()).isTrue();
                assertThat(h.sandboxes()).as("sandboxes on %s", h.address()).isPositive();
            });

            // 2. The second daemon killed under load.
            AtomicBoolean killed = new AtomicBoolean();
            Map<Status, Integer> before = new ConcurrentHashMap<>();
            List<String> afterKill = new CopyOnWriteArrayList<>();
            List<Future<?>> loops = new ArrayList<>();
            long loadEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
            for (int i = 0; i < 8; i++) {
                loops.add(callers.submit(() -> {
                    while (System.nanoTime() < loadEnd) {
                        boolean startedAfterKill = killed.get();
                        RunResult r = engine.run(directive("sleep 200"));
                        if (startedAfterKill) {
                            afterKill.add(r.status() + (r.status() == Status.SUCCESS ? "" : ": " + r.stderr()));
                        } else {
                            before.merge(r.status(), 1, Integer::sum);
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(2000);
            try {
                second.stop();
                // Calls under way when it went down end with it; those that start now go to the first daemon.
                Thread.sleep(1000);
                killed.set(true);
                for (Future<?> loop : loops) {
                    loop.get(60, TimeUnit.SECONDS);
                }
                assertThat(before.keySet()).as("calls in flight when the daemon died: %s", before)
                        .isSubsetOf(Status.SUCCESS, Status.INFRASTRUCTURE_ERROR);
                assertThat(afterKill).as("calls after the kill").isNotEmpty().allSatisfy(r -> assertThat(r).isEqualTo("SUCCESS"));
                HostStatus out = engine.status().hosts().get(1);
                assertThat(out.up()).isFalse();
                assertThat(out.trouble()).contains(second.host());
            } finally {
                second.start();
            }

            // 3. Back: the fleet takes the daemon in again after its backoff.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!engine.status().hosts().get(1).up() && System.nanoTime() < until) {
                Thread.sleep(200);
            }
            assertThat(engine.status().hosts().get(1).up()).as("the second daemon back in the fleet").isTrue();
            assertThat(engine.run(directive("sleep 1")).status()).isEqualTo(Status.SUCCESS);
        } finally {
            callers.shutdownNow();
        }
        assertThat(containersOf(engineId, FIRST)).as("left on the first daemon").isZero();
        assertThat(containersOf(engineId, second.host())).as("left on the second daemon").isZero();
    }

    /**
     * The containers of engine {@code id} on the daemon {@code host}, its reaper included, once they had
     * up to 10 s to go: the reaper outlives close() by a moment, it removes itself when the engine's link drops.
     */
    private static int containersOf(String id, String host) throws IOException, InterruptedException {
        String left = "";
        for (int attempt = 0; attempt < 50; attempt++) {
            Process ps = new ProcessBuilder("docker", "-H", host, "ps", "-aq", "--filter", "label=io.leansandbox.engine=" + id)
                    .redirectErrorStream(true).start();
            left = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            ps.waitFor();
            if (left.isEmpty()) {
                return 0;
            }
            Thread.sleep(200);
        }
        return left.split("\\s+").length;
    }
}
