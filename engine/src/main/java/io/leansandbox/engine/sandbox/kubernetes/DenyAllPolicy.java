package io.leansandbox.engine.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * No traffic in or out of the engine's pods: a NetworkPolicy selecting them (by the engine's label)
 * with both policy types and no rule. The agent's stream does not need the network: exec goes from
 * the API server through the kubelet into the container, not over the pod's network. Owned by the
 * lease, so it goes with the engine. (docs/kubernetes/ has a namespace-wide one as well: a second wall
 * for pods that lose their labels.)
 */
final class DenyAllPolicy {

    private DenyAllPolicy() {
    }

    static String name(String engineId) {
        return "lean-sandbox-deny-all-" + engineId;
    }

    static NetworkPolicy of(Ownership owner) {
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                    .withName(name(owner.engineId()))
                    .withNamespace(owner.namespace())
                    .withLabels(owner.labels())
                    .withOwnerReferences(owner.reference())
                .endMetadata()
                .withNewSpec()
                    .withNewPodSelector().withMatchLabels(java.util.Map.of(Ownership.ENGINE, owner.engineId())).endPodSelector()
                    .withPolicyTypes("Ingress", "Egress")
                .endSpec()
                .build();
    }

    /** Makes the policy before any pod exists; one already there (a restart under the same id) is kept. */
    static void ensure(KubernetesClient client, Ownership owner) {
        try {
            client.network().v1().networkPolicies().inNamespace(owner.namespace()).resource(of(owner)).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }
}
