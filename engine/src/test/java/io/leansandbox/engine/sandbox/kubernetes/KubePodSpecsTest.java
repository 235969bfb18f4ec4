package io.leansandbox.engine.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.leansandbox.engine.config.Backend;
import io.leansandbox.engine.config.KubernetesSettings;
import io.leansandbox.engine.config.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KubePodSpecsTest {

    static final Ownership OWNER = new Ownership("0123abcd-0000-4000-8000-000000000001", "lean", "lean-sandbox-0123abcd-0000-4000-8000-000000000001", "uid-1");

    static Settings settings(String runtimeClass) {
        Settings d = Settings.defaults();
        return d.toBuilder().backend(Backend.KUBERNETES).image("registry.example/lean-sandbox:1")
                .environment(List.of("LEAN_X=1"))
                .kubernetes(new KubernetesSettings("lean", "", runtimeClass, 2, 30, Duration.ofSeconds(900), Duration.ofSeconds(10),
                        "Always", false, "lean-sandbox", "default"))
                .build();
    }

    @Test
    void thePodHoldsTheContainersHardening() {
        Settings s = settings("gvisor");
        Pod pod = PodSpecs.pod("p1", s, s.limits(), OWNER, "warm");
        var spec = pod.getSpec();
        Container c = spec.getContainers().get(0);

        assertThat(spec.getAutomountServiceAccountToken()).as("no service-account token").isFalse();
        assertThat(spec.getEnableServiceLinks()).isFalse();
        assertThat(spec.getHostNetwork()).isFalse();
        assertThat(spec.getHostPID()).isFalse();
        assertThat(spec.getHostIPC()).isFalse();
        assertThat(spec.getRestartPolicy()).isEqualTo("Never");
        assertThat(spec.getActiveDeadlineSeconds()).isEqualTo(900L);
        assertThat(spec.getRuntimeClassName()).isEqualTo("gvisor");
        assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(spec.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(spec.getSecurityContext().getRunAsGroup()).isEqualTo(1000L);
        assertThat(spec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

        var sc = c.getSecurityContext();
        assertThat(sc.getRunAsNonRoot()).isTrue();
        assertThat(sc.getRunAsUser()).isEqualTo(1000L);
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getPrivileged()).isFalse();
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

        Map<String, Quantity> limits = c.getResources().getLimits();
        assertThat(Quantity.getAmountInBytes(limits.get("memory")).longValue()).isEqualTo(s.limits().memoryBytes());
        assertThat(limits.get("cpu").toString()).isEqualTo("500m");
        assertThat(c.getResources().getRequests()).as("Guaranteed QoS").isEqualTo(limits);

        assertThat(c.getImage()).isEqualTo("registry.example/lean-sandbox:1");
        assertThat(c.getImagePullPolicy()).isEqualTo("Always");
        assertThat(c.getCommand()).containsExactly("python3", "-I", "-c", PodSpecs.KEEPER);
        assertThat(c.getEnv()).anyMatch(e -> e.getName().equals("LEAN_X") && e.getValue().equals("1"));
        assertThat(c.getStdin()).as("the agent's stdin is its exec's, not the container's").isNotEqualTo(Boolean.TRUE);

        assertThat(c.getVolumeMounts()).extracting(m -> m.getMountPath()).containsExactly("/tmp", "/dev/shm");
        for (Volume v : spec.getVolumes()) {
            assertThat(v.getEmptyDir().getMedium()).as(v.getName()).isEqualTo("Memory");
        }
        assertThat(Quantity.getAmountInBytes(spec.getVolumes().get(0).getEmptyDir().getSizeLimit()).longValue()).isEqualTo(s.limits().tmpfsBytes());
        assertThat(Quantity.getAmountInBytes(spec.getVolumes().get(1).getEmptyDir().getSizeLimit()).longValue()).isEqualTo(s.limits().shmBytes());
    }

    @Test
    void thePodIsLabelledAndOwnedByTheLease() {
        Settings s = settings("");
        Pod pod = PodSpecs.pod("p1", s, s.limits(), OWNER, "warm");
        assertThat(pod.getMetadata().getLabels()).containsEntry("io.leansandbox.managed", "true")
                .containsEntry("io.leansandbox.engine", OWNER.engineId()).containsEntry("io.leansandbox.state", "warm");
        var ref = pod.getMetadata().getOwnerReferences().get(0);
        assertThat(ref.getKind()).isEqualTo("Lease");
        assertThat(ref.getApiVersion()).isEqualTo("coordination.k8s.io/v1");
        assertThat(ref.getName()).isEqualTo(OWNER.leaseName());
        assertThat(ref.getUid()).isEqualTo("uid-1");
        assertThat(pod.getSpec().getRuntimeClassName()).as("none set: the cluster's default").isNull();
    }

    @Test
    void theNetworkPolicyDeniesEverythingToTheEnginesPods() {
        NetworkPolicy np = DenyAllPolicy.of(OWNER);
        assertThat(np.getSpec().getPodSelector().getMatchLabels()).containsExactly(Map.entry("io.leansandbox.engine", OWNER.engineId()));
        assertThat(np.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(np.getSpec().getIngress()).isNullOrEmpty();
        assertThat(np.getSpec().getEgress()).isNullOrEmpty();
        assertThat(np.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("uid-1");
    }

    @Test
    void rootAndAnOpenNetworkAreRefused() {
        Settings s = settings("");
        var root = s.toBuilder().limits(new io.leansandbox.engine.config.ContainerLimits(s.limits().memoryBytes(), 0.5, 256, 1024,
                128L << 20, 64L << 20, List.of("/tmp"), true, true, "0:0", 16L << 20, "", 32L << 20)).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KubernetesBackend.check(root)).hasMessageContaining("must not be uid 0");
        var open = s.toBuilder().limits(new io.leansandbox.engine.config.ContainerLimits(s.limits().memoryBytes(), 0.5, 256, 1024,
                128L << 20, 64L << 20, List.of("/tmp"), true, false, "1000:1000", 16L << 20, "", 32L << 20)).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KubernetesBackend.check(open)).hasMessageContaining("docker.allow_network");
    }
}
