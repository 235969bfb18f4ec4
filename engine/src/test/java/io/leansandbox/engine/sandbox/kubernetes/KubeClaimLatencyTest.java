package io.leansandbox.engine.sandbox.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.leansandbox.engine.config.Settings;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claim latency from a warm pool: CLIENT-SIDE COST ONLY, against fabric8's mock API server on this
 * machine (no scheduler, no kubelet, no etcd; the {@link FakeKubelet} marks pods Ready). A claim here
 * is {@link WarmPodPool#take}: a Ready pod off the queue, its label patched to claimed (one API call),
 * a replacement's creation started. Writes target/kubernetes-claims.json, and the file named by
 * {@code -Dlean.kube.claims.out} (docs/kubernetes-claims.json is made so:
 * {@code mvn -B -o -pl engine test -Dtest=KubeClaimLatencyTest -Dlean.kube.claims.out=$PWD/docs/kubernetes-claims.json}).
 */
@EnableKubernetesMockClient(crud = true)
class KubeClaimLatencyTest {

    static KubernetesClient client;
    static final int CLAIMS = 300;
    static final int WARM = 20;

    @Test
    void claimsFromAWarmPool() throws Exception {
        String engine = "66666666-0000-4000-8000-00000000000c";
        Ownership owner = new Ownership(engine, "lean", "lean-sandbox-" + engine, "uid");
        Settings s = KubeBackendMockTest.settings(WARM, WARM, false, Duration.ofSeconds(30));
        long[] micros = new long[CLAIMS];
        try (FakeKubelet kubelet = new FakeKubelet(client, "lean");
             WarmPodPool pool = new WarmPodPool(client, owner, name -> PodSpecs.pod(name, s, s.limits(), owner, "warm"), WARM)) {
            for (int i = 0; i < CLAIMS; i++) {
                KubeBackendMockTest.await("the pool is full again", () -> pool.readyCount() == WARM);
                long t0 = System.nanoTime();
                String pod = pool.take(Duration.ofSeconds(10));
                micros[i] = (System.nanoTime() - t0) / 1000;
                client.pods().inNamespace("lean").withName(pod).withGracePeriod(0).delete();
            }
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        String json = String.format(Locale.ROOT, "{%n  \"what\": \"claim latency from a warm pool of %d Ready pods: WarmPodPool.take (a Ready pod off the "
                        + "queue, one merge patch labelling it claimed, a replacement's creation started); CLIENT-SIDE COST ONLY, against fabric8's "
                        + "mock API server (kubernetes-server-mock 8.0.0, CRUD mode) in the same JVM, no scheduler, kubelet or etcd\",%n"
                        + "  \"claims\": %d,%n  \"p50_ms\": %.3f,%n  \"p90_ms\": %.3f,%n  \"p99_ms\": %.3f,%n  \"max_ms\": %.3f,%n"
                        + "  \"machine\": \"%d cores (shared), %s %s\"%n}%n",
                WARM, CLAIMS, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted[CLAIMS - 1] / 1000.0,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
        Path target = Path.of("target", "kubernetes-claims.json");
        Files.createDirectories(target.getParent());
        Files.writeString(target, json);
        String out = System.getProperty("lean.kube.claims.out");
        if (out != null && !out.isBlank()) {
            Files.writeString(Path.of(out), json);
        }
        System.out.print(json);
        assertThat(sorted[0]).as("a claim costs something").isPositive();
        assertThat(pct(sorted, 50)).as("a claim from a Ready pool does not wait for a pod to start").isLessThan(1000.0);
    }

    private static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }
}
