package io.leansandbox.engine.sandbox.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.KubernetesSettings;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kubernetes backend's client logic against fabric8's mock API server (CRUD mode: objects are stored, nothing runs). */
@EnableKubernetesMockClient(crud = true)
class KubeBackendMockTest {

    static final String NS = "lean";
    static KubernetesMockServer server;
    static KubernetesClient client;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @org.junit.jupiter.api.BeforeEach
    void knowAgentSandboxsResources() {
        for (var r : List.of(SandboxClaims.CLAIMS, SandboxClaims.SANDBOXES)) {
            server.expectCustomResource(new io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext.Builder()
                    .withGroup(r.getGroup()).withVersion(r.getVersion()).withKind(r.getKind()).withPlural(r.getPlural())
                    .withScope("Namespaced").build());
        }
    }

    @AfterEach
    void clean() {
        client.pods().inNamespace(NS).delete();
        client.leases().inNamespace(NS).delete();
        client.network().v1().networkPolicies().inNamespace(NS).delete();
    }

    static Settings settings(int pool, int warm, boolean agentSandbox, Duration ready) {
        Settings d = Settings.defaults();
        return d.toBuilder()
                .pool(new PoolSettings(true, pool, Duration.ofSeconds(300), 2, Math.max(pool, 4), Duration.ofSeconds(10)))
                .kubernetes(new KubernetesSettings(NS, "", "", warm, 30, Duration.ofSeconds(600), ready, "IfNotPresent",
                        agentSandbox, "lean-sandbox", "lean-pool"))
                .build();
    }

    private KubernetesBackend backend(Settings s, String engine) {
        return new KubernetesBackend(s, engine, new ObjectMapper(), client, false, clock);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private List<Pod> podsOf(String engine) {
        return client.pods().inNamespace(NS).withLabel(Ownership.ENGINE, engine).list().getItems();
    }

    @Test
    void startMakesTheLeaseThePolicyAndTheWarmPodsAllOwnedByTheLease() throws Exception {
        String engine = "aaaaaaaa-0000-4000-8000-000000000001";
        try (KubernetesBackend backend = backend(settings(2, 3, false, Duration.ofSeconds(5)), engine)) {
            Lease lease = client.leases().inNamespace(NS).withName("lean-sandbox-" + engine).get();
            assertThat(lease).isNotNull();
            assertThat(lease.getMetadata().getLabels()).containsEntry("io.leansandbox.engine", engine);
            assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(30);

            var np = client.network().v1().networkPolicies().inNamespace(NS).withName(DenyAllPolicy.name(engine)).get();
            assertThat(np.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");

            await("3 warm pods exist", () -> podsOf(engine).size() == 3);
            for (Pod p : podsOf(engine)) {
                assertThat(p.getMetadata().getLabels()).containsEntry("io.leansandbox.managed", "true").containsEntry("io.leansandbox.state", "warm");
                assertThat(p.getMetadata().getOwnerReferences()).singleElement()
                        .satisfies(r -> assertThat(r.getUid()).isEqualTo(lease.getMetadata().getUid()));
                assertThat(p.getSpec().getAutomountServiceAccountToken()).isFalse();
            }
            assertThat(backend.describe()).contains("namespace " + NS, "0 in use");
            assertThat(backend.hosts()).singleElement().satisfies(h -> assertThat(h.address()).contains("namespace " + NS));
        }
        assertThat(podsOf(engine)).as("close deletes the pods").isEmpty();
        assertThat(client.leases().inNamespace(NS).withName("lean-sandbox-" + engine).get()).as("and the lease").isNull();
    }

    @Test
    void theLeaseIsRenewed() {
        String engine = "bbbbbbbb-0000-4000-8000-000000000002";
        try (LeaseKeeper keeper = new LeaseKeeper(client, NS, engine, 30, clock)) {
            keeper.start();
            ZonedDateTime first = client.leases().inNamespace(NS).withName("lean-sandbox-" + engine).get().getSpec().getRenewTime();
            now.set(now.get().plusSeconds(10));
            keeper.renew();
            ZonedDateTime second = client.leases().inNamespace(NS).withName("lean-sandbox-" + engine).get().getSpec().getRenewTime();
            assertThat(Duration.between(first, second)).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void theSweeperRemovesAnExpiredLeaseOfAnotherEngineWithItsPodsButNotALiveOne() {
        String dead = "cccccccc-0000-4000-8000-000000000003";
        String alive = "dddddddd-0000-4000-8000-000000000004";
        lease(dead, now.get().minusSeconds(61));
        lease(alive, now.get().minusSeconds(50));
        pod("dead-1", dead);
        pod("dead-2", dead);
        pod("alive-1", alive);

        List<String> swept = new Sweeper(client, NS, "eeeeeeee-0000-4000-8000-000000000005", clock, null).sweep();

        assertThat(swept).containsExactly(dead);
        assertThat(podsOf(dead)).isEmpty();
        assertThat(client.leases().inNamespace(NS).withName("lean-sandbox-" + dead).get()).isNull();
        assertThat(podsOf(alive)).hasSize(1);
        assertThat(client.leases().inNamespace(NS).withName("lean-sandbox-" + alive).get()).isNotNull();
    }

    @Test
    void theSweeperLeavesItsOwnLeaseAlone() {
        String me = "ffffffff-0000-4000-8000-000000000006";
        lease(me, now.get().minusSeconds(3600));
        assertThat(new Sweeper(client, NS, me, clock, null).sweep()).isEmpty();
        assertThat(client.leases().inNamespace(NS).withName("lean-sandbox-" + me).get()).isNotNull();
    }

    @Test
    void aClaimIsServedFromAReadyWarmPodAndReplaced() throws Exception {
        String engine = "11111111-0000-4000-8000-000000000007";
        Ownership owner = new Ownership(engine, NS, "lean-sandbox-" + engine, "uid");
        Settings s = settings(2, 2, false, Duration.ofSeconds(5));
        try (FakeKubelet kubelet = new FakeKubelet(client, NS);
             WarmPodPool pool = new WarmPodPool(client, owner, name -> PodSpecs.pod(name, s, s.limits(), owner, "warm"), 2)) {
            await("2 Ready", () -> pool.readyCount() == 2);
            String taken = pool.take(Duration.ofSeconds(5));
            assertThat(client.pods().inNamespace(NS).withName(taken).get().getMetadata().getLabels())
                    .containsEntry("io.leansandbox.state", "claimed");
            await("the pool is back at 2 Ready", () -> pool.readyCount() == 2);
            assertThat(podsOf(engine)).hasSize(3);
            assertThat(podsOf(engine).stream().filter(p -> "warm".equals(p.getMetadata().getLabels().get("io.leansandbox.state")))).hasSize(2);
        }
    }

    @Test
    void aPodThatCannotPullItsImageFailsTheClaimNamingWhy() throws Exception {
        String engine = "22222222-0000-4000-8000-000000000008";
        Ownership owner = new Ownership(engine, NS, "lean-sandbox-" + engine, "uid");
        Settings s = settings(1, 0, false, Duration.ofSeconds(5));
        try (WarmPodPool pool = new WarmPodPool(client, owner, name -> PodSpecs.pod(name, s, s.limits(), owner, "warm"), 0)) {
            Thread kubelet = new Thread(() -> {
                try {
                    await("a pod exists", () -> !podsOf(engine).isEmpty());
                    Pod p = podsOf(engine).get(0);
                    client.pods().inNamespace(NS).resource(new PodBuilder(p).withNewStatus().withPhase("Pending")
                            .addNewContainerStatus().withName("sandbox").withNewState().withNewWaiting().withReason("ImagePullBackOff")
                            .withMessage("pull access denied").endWaiting().endState().endContainerStatus().endStatus().build()).updateStatus();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            kubelet.start();
            assertThatThrownBy(() -> pool.take(Duration.ofSeconds(5)))
                    .isInstanceOf(SandboxUnavailableException.class).hasMessageContaining("ImagePullBackOff").hasMessageContaining("pull access denied");
            kubelet.join();
        }
    }

    @Test
    void anAgentSandboxClaimIsServedOnceItsStatusNamesASandboxWithAReadyPod() throws Exception {
        String engine = "33333333-0000-4000-8000-000000000009";
        Ownership owner = new Ownership(engine, NS, "lean-sandbox-" + engine, "lease-uid");
        SandboxClaims claims = new SandboxClaims(client, NS, "lean-sandbox", "lean-pool", Duration.ofSeconds(600), Clock.systemUTC());
        // agent-sandbox's controller, by hand: bind the claim to a sandbox whose pod came from the warm pool.
        Thread controller = new Thread(() -> {
            try {
                await("a claim exists", () -> !claims.claimsOf(engine).isEmpty());
                GenericKubernetesResource c = claims.claimsOf(engine).get(0);
                client.genericKubernetesResources(SandboxClaims.SANDBOXES).inNamespace(NS).resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion("agents.x-k8s.io/v1alpha1").withKind("Sandbox")
                        .withNewMetadata().withName("sb-1").withNamespace(NS)
                        .withAnnotations(Map.of(SandboxClaims.POD_NAME_ANNOTATION, "lean-pool-abcde")).endMetadata().build()).create();
                client.pods().inNamespace(NS).resource(FakeKubelet.ready(new PodBuilder().withNewMetadata().withName("lean-pool-abcde")
                        .withNamespace(NS).endMetadata().withNewSpec().addNewContainer().withName("sandbox").withImage("x").endContainer()
                        .endSpec().build())).create();
                c.getAdditionalProperties().put("status", Map.of("sandbox", Map.of("name", "sb-1")));
                client.genericKubernetesResources(SandboxClaims.CLAIMS).inNamespace(NS).resource(c).update();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        controller.start();
        SandboxClaims.Claim claim = claims.claim(owner, Duration.ofSeconds(10));
        controller.join();

        assertThat(claim.pod()).isEqualTo("lean-pool-abcde");
        GenericKubernetesResource made = client.genericKubernetesResources(SandboxClaims.CLAIMS).inNamespace(NS).withName(claim.name()).get();
        assertThat(made.getMetadata().getLabels()).containsEntry("io.leansandbox.engine", engine);
        assertThat(made.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("lease-uid");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) made.getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("sandboxTemplateRef", Map.of("name", "lean-sandbox")).containsEntry("warmpool", "lean-pool");
        assertThat((Map<String, Object>) spec.get("lifecycle")).containsKey("shutdownTime").containsEntry("shutdownPolicy", "Delete");

        claims.release(claim.name());
        assertThat(claims.claimsOf(engine)).isEmpty();
    }

    @Test
    void aClaimThatNeverBindsTimesOutSayingSo() {
        String engine = "44444444-0000-4000-8000-00000000000a";
        Ownership owner = new Ownership(engine, NS, "lean-sandbox-" + engine, "lease-uid");
        SandboxClaims claims = new SandboxClaims(client, NS, "lean-sandbox", "lean-pool", Duration.ofSeconds(600), Clock.systemUTC());
        assertThatThrownBy(() -> claims.claim(owner, Duration.ofSeconds(1)))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("was not bound to a sandbox within 1 s").hasMessageContaining("warm pool 'lean-pool'");
        assertThat(claims.claimsOf(engine)).as("the unbound claim is deleted").isEmpty();
    }

    private void lease(String engine, Instant renewed) {
        ZonedDateTime t = renewed.atZone(ZoneOffset.UTC);
        client.leases().inNamespace(NS).resource(new LeaseBuilder().withNewMetadata().withName("lean-sandbox-" + engine)
                .withLabels(Map.of("io.leansandbox.managed", "true", "io.leansandbox.engine", engine)).endMetadata()
                .withNewSpec().withLeaseDurationSeconds(30).withRenewTime(t).withAcquireTime(t).endSpec().build()).create();
    }

    private void pod(String name, String engine) {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("io.leansandbox.managed", "true", "io.leansandbox.engine", engine)).endMetadata()
                .withNewSpec().addNewContainer().withName("sandbox").withImage("x").endContainer().endSpec().build()).create();
    }
}
