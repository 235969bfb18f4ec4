package io.leansandbox.engine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubeSettingsTest {

    @TempDir
    Path dir;

    @Test
    void theKubernetesSectionAndItsVariablesReachTheSettings() throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), String.join("\n",
                "docker:", "  backend: kubernetes", "kubernetes:", "  namespace: lean", "  runtime_class: gvisor", "  warm_pods: 3",
                "  lease_seconds: 12", "  active_deadline: 900", "  agent_sandbox: true", "  warm_pool: fast", ""));
        Settings s = SettingsLoader.load(Map.of(SettingsLoader.CONFIG_VARIABLE, file.toString(), "LEAN_DOCKER_MCP_CONTEXT", "prod",
                "LEAN_DOCKER_MCP_IMAGE_PULL_POLICY", "Always"), dir.resolve("absent"));
        KubernetesSettings k = s.kubernetes();
        assertThat(s.backend()).isEqualTo(Backend.KUBERNETES);
        assertThat(k.namespace()).isEqualTo("lean");
        assertThat(k.context()).isEqualTo("prod");
        assertThat(k.runtimeClass()).isEqualTo("gvisor");
        assertThat(k.warmPodsFor(8)).isEqualTo(3);
        assertThat(k.leaseSeconds()).isEqualTo(12);
        assertThat(k.activeDeadline()).isEqualTo(Duration.ofSeconds(900));
        assertThat(k.imagePullPolicy()).isEqualTo("Always");
        assertThat(k.agentSandbox()).isTrue();
        assertThat(k.warmPool()).isEqualTo("fast");
        assertThat(k.sandboxTemplate()).isEqualTo("lean-sandbox");
    }

    @Test
    void defaultsAndBadValues() {
        KubernetesSettings d = Settings.defaults().kubernetes();
        assertThat(d.warmPodsFor(32)).as("default: the pool size").isEqualTo(32);
        assertThat(d.leaseSeconds()).isEqualTo(30);
        assertThat(d.activeDeadline()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("LEAN_DOCKER_MCP_IMAGE_PULL_POLICY", "Sometimes"), dir.resolve("absent")))
                .hasMessageContaining("kubernetes.image_pull_policy");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("LEAN_DOCKER_MCP_LEASE_SECONDS", "1"), dir.resolve("absent")))
                .hasMessageContaining("lease_seconds");
    }
}
