package io.leansandbox.engine;

import io.leansandbox.engine.config.Backend;
import io.leansandbox.engine.config.KubernetesSettings;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.testing.LeanInputs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

import static io.leansandbox.engine.testing.LeanInputs.directive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The engine's own sandbox checks on a real cluster, with the kubernetes backend. Runs only when a
 * kubeconfig is given: {@code -Dlean.test.kubeconfig=PATH} (or the KUBECONFIG variable), with
 * {@code -Dlean.test.k8s.image=IMAGE} (default {@code lean-sandbox/standin:latest}, pushed where the
 * cluster pulls from: docs/kubernetes/README.md), {@code -Dlean.test.k8s.namespace} (default
 * {@code lean-sandbox}, made by docs/kubernetes/namespace.yaml) and optionally
 * {@code -Dlean.test.k8s.runtime_class}. Without a kubeconfig every test is skipped, saying so:
 * <pre>mvn -B -pl engine verify -Dit.test=KubernetesClusterIT -Dlean.test.kubeconfig=$HOME/.kube/config</pre>
 */
class KubernetesClusterIT {

    private static LeanSandbox engine;

    @BeforeAll
    static void start() {
        String kubeconfig = System.getProperty("lean.test.kubeconfig", System.getenv("KUBECONFIG"));
        assumeTrue(kubeconfig != null && !kubeconfig.isBlank() && Files.isRegularFile(Path.of(kubeconfig.split(":")[0])),
                "KubernetesClusterIT needs a cluster: set -Dlean.test.kubeconfig=PATH (or KUBECONFIG) to run it");
        // fabric8 reads the kubeconfig named by this property (and KUBECONFIG) when it configures itself.
        System.setProperty("kubeconfig", kubeconfig);
        Settings d = Settings.defaults();
        Settings settings = d.toBuilder().backend(Backend.KUBERNETES)
                .image(System.getProperty("lean.test.k8s.image", "lean-sandbox/standin:latest"))
                .pool(new PoolSettings(true, 1, Duration.ofSeconds(300), 2, 2, Duration.ofSeconds(180)))
                .kubernetes(new KubernetesSettings(System.getProperty("lean.test.k8s.namespace", "lean-sandbox"), "",
                        System.getProperty("lean.test.k8s.runtime_class", ""), 1, 30, Duration.ofSeconds(1800), Duration.ofSeconds(180),
                        "IfNotPresent", false, "lean-sandbox", "default"))
                .build();
        engine = LeanSandbox.start(settings);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void acceptedCodeSucceeds() {
        RunResult result = engine.run(LeanInputs.accepted());
        assertThat(result.status()).isEqualTo(Status.SUCCESS);
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void aSorryIsReportedButIsNotAnError() {
        RunResult result = engine.run(LeanInputs.firstCommandOf("dup_sorries"));
        assertThat(result.status()).isEqualTo(Status.SUCCESS);
        assertThat(result.sorries()).isNotEmpty();
    }

    @Test
    void theNextRunSeesNothingOfTheLastInTmp() {
        String a = text(engine.run(directive("touch /tmp/left-by-a")));
        assertThat(a).contains("touched /tmp/left-by-a");
        String b = text(engine.run(directive("exists /tmp/left-by-a")));
        assertThat(b).contains("/tmp/left-by-a does not exist");
    }

    private static String text(RunResult result) {
        return result.diagnostics().stream().map(Diagnostic::message).collect(Collectors.joining("\n"));
    }
}
