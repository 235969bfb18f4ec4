package io.leansandbox.engine.config;

import java.time.Duration;
import java.util.Set;

/**
 * The {@code kubernetes:} section: where and how the kubernetes backend ({@code docker.backend: kubernetes})
 * makes its pods. The image and every limit (memory, CPU, tmpfs size, writable directories, user) are the
 * {@code docker.*} ones, shared with the Docker backend.
 *
 * @param namespace       the namespace of the engine's pods, lease, network policy and claims; empty: the
 *                        client's own (the kubeconfig context's, or the pod's own namespace in a cluster), else {@code default}
 * @param context         the kubeconfig context; empty: the client's own resolution (KUBECONFIG, ~/.kube/config,
 *                        or the service account when the engine itself runs in a pod)
 * @param runtimeClass    the pods' runtimeClassName (e.g. {@code gvisor}); empty: the cluster's default
 * @param warmPods        pods kept Ready ahead of demand, beyond those in use; negative: the pool size
 * @param leaseSeconds    the engine lease's duration; the engine renews it every third of it
 * @param activeDeadline  the hard limit of a pod's life (activeDeadlineSeconds), the last resort if all else failed
 * @param podReadyTimeout how long a new pod (or a claim) may take to become Ready
 * @param imagePullPolicy the pods' imagePullPolicy
 * @param agentSandbox    claim pods from kubernetes-sigs/agent-sandbox warm pools (SandboxClaim) instead of making them
 * @param sandboxTemplate the agent-sandbox SandboxTemplate claims name
 * @param warmPool        the agent-sandbox SandboxWarmPool claims take from ({@code default}: any pool of the template)
 */
public record KubernetesSettings(String namespace, String context, String runtimeClass, int warmPods, int leaseSeconds,
                                 Duration activeDeadline, Duration podReadyTimeout, String imagePullPolicy,
                                 boolean agentSandbox, String sandboxTemplate, String warmPool) {

    /** Before DEFAULT: the constructor reads it. */
    private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");

    public static final KubernetesSettings DEFAULT = new KubernetesSettings("", "", "", -1, 30, Duration.ofHours(1),
            Duration.ofSeconds(120), "IfNotPresent", false, "lean-sandbox", "default");

    public KubernetesSettings {
        namespace = namespace == null ? "" : namespace.strip();
        context = context == null ? "" : context.strip();
        runtimeClass = runtimeClass == null ? "" : runtimeClass.strip();
        if (leaseSeconds < 3) {
            throw new IllegalArgumentException("kubernetes.lease_seconds must be at least 3 (it is renewed every third of it), got "
                    + leaseSeconds);
        }
        if (activeDeadline.toSeconds() < 60) {
            throw new IllegalArgumentException("kubernetes.active_deadline must be at least 60 seconds, got " + activeDeadline.toSeconds());
        }
        if (podReadyTimeout.isNegative() || podReadyTimeout.isZero()) {
            throw new IllegalArgumentException("kubernetes.pod_ready_timeout must be positive");
        }
        if (!PULL_POLICIES.contains(imagePullPolicy)) {
            throw new IllegalArgumentException("kubernetes.image_pull_policy must be Always, IfNotPresent or Never, got '"
                    + imagePullPolicy + "'");
        }
        if (agentSandbox && (sandboxTemplate == null || sandboxTemplate.isBlank())) {
            throw new IllegalArgumentException("kubernetes.agent_sandbox needs kubernetes.sandbox_template");
        }
    }

    /** The warm pods to keep for a pool of {@code poolSize}. */
    public int warmPodsFor(int poolSize) {
        return warmPods < 0 ? poolSize : warmPods;
    }
}
