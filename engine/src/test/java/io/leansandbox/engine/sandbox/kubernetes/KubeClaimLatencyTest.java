package io.leansandbox.engine.sandbox.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.leansandbox.engine.bench.OwnSection;
import io.leansandbox.engine.config.Settings;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claim latency from a warm pool: CLIENT-SIDE COST ONLY, against fabric8's mock API server on this
 * machine (no scheduler, no kubelet, no etcd; the {@link FakeKubelet} marks pods Ready). A claim here
 * is {@link WarmPodPool#take}: a Ready pod off the queue, its label patched to claimed (one API call),
 * a replacement's creation started. Writes target/kubernetes-claims.json; with {@code -Dlean.bench.docs=DIR}
 * also DIR/kubernetes-claims.json and its own section of DIR/PERFORMANCE.md ({@link OwnSection#KUBERNETES}):
 * {@code mvn -B -o -pl engine test -Dtest=KubeClaimLatencyTest -Dlean.bench.docs=$PWD/docs}. A measurement,
 * not a timing test: what it asserts is that every claim was served.
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
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("what", "claim latency from a warm pool of " + WARM + " Ready pods: WarmPodPool.take (a Ready pod off the queue, "
                + "one merge patch labelling it claimed, a replacement's creation started); CLIENT-SIDE COST ONLY, against fabric8's "
                + "mock API server (kubernetes-server-mock 8.0.0, CRUD mode) in the same JVM, no scheduler, kubelet or etcd");
        figures.put("claims", CLAIMS);
        figures.put("p50_ms", pct(sorted, 50));
        figures.put("p90_ms", pct(sorted, 90));
        figures.put("p99_ms", pct(sorted, 99));
        figures.put("max_ms", sorted[CLAIMS - 1] / 1000.0);
        figures.put("machine", Runtime.getRuntime().availableProcessors() + " cores (shared), " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.version"));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path target = Path.of("target", "kubernetes-claims.json");
        Files.createDirectories(target.getParent());
        json.writeValue(target.toFile(), figures);
        String docs = System.getProperty("lean.bench.docs");
        if (docs != null && !docs.isBlank()) {
            json.writeValue(Path.of(docs, "kubernetes-claims.json").toFile(), figures);
            OwnSection.KUBERNETES.write(Path.of(docs), String.format(Locale.ROOT, """
                    ## Kubernetes: claims from a warm pool

                    Written by `KubeClaimLatencyTest` (engine test sources, `-Dlean.bench.docs=docs`): %d claims from a warm pool of \
                    %d Ready pods, each a Ready pod off the queue, one merge patch labelling it claimed and a replacement's creation \
                    started. **Client-side cost only**, against fabric8's mock API server in the same JVM: no scheduler, kubelet or \
                    etcd. It says what the engine adds to a claim, nothing of a real cluster (see docs/SCALE-OUT.md).

                    | figure | value |
                    |---|---|
                    | p50 | %.1f ms |
                    | p90 | %.1f ms |
                    | p99 | %.1f ms |
                    | slowest | %.1f ms |
                    """, CLAIMS, WARM, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted[CLAIMS - 1] / 1000.0),
                    json.valueToTree(figures));
        }
        assertThat(sorted[0]).as("every claim was timed").isPositive();
    }

    private static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }
}
