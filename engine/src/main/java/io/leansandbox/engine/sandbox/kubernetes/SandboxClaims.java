package io.leansandbox.engine.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.leansandbox.engine.SandboxUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Sandboxes claimed from kubernetes-sigs/agent-sandbox's warm pools instead of pods of our own
 * ({@code kubernetes.agent_sandbox: true}). API as in agent-sandbox's docs/api.md (v1alpha1):
 * a {@code SandboxClaim} (extensions.agents.x-k8s.io/v1alpha1) names a {@code SandboxTemplate}
 * ({@code spec.sandboxTemplateRef.name}) and a warm pool policy ({@code spec.warmpool}: {@code default},
 * {@code none} or a SandboxWarmPool's name); the controller binds it to a {@code Sandbox}
 * (agents.x-k8s.io/v1alpha1), named in {@code status.sandbox.name}, whose pod is named by the
 * sandbox's annotation {@code agents.x-k8s.io/pod-name} (a pod adopted from a warm pool) or else is
 * the sandbox's own name. The claim carries the engine's labels and an ownerReference to its lease
 * and a {@code lifecycle.shutdownTime} of {@code active_deadline} from now (policy Delete), so a
 * claim outlives neither its engine nor its deadline. The template's pod must run the image with
 * python3 (the agent is sent over the stream, as for our own pods) and hold the same hardening:
 * docs/kubernetes/agent-sandbox.yaml.
 */
final class SandboxClaims {

    static final ResourceDefinitionContext CLAIMS = new ResourceDefinitionContext.Builder()
            .withGroup("extensions.agents.x-k8s.io").withVersion("v1alpha1").withKind("SandboxClaim")
            .withPlural("sandboxclaims").withNamespaced(true).build();
    static final ResourceDefinitionContext SANDBOXES = new ResourceDefinitionContext.Builder()
            .withGroup("agents.x-k8s.io").withVersion("v1alpha1").withKind("Sandbox")
            .withPlural("sandboxes").withNamespaced(true).build();
    static final String POD_NAME_ANNOTATION = "agents.x-k8s.io/pod-name";

    /** A bound claim and the pod it gave. */
    record Claim(String name, String pod) {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String template;
    private final String warmPool;
    private final Duration deadline;
    private final Clock clock;
    private final java.util.concurrent.atomic.AtomicLong names = new java.util.concurrent.atomic.AtomicLong();

    SandboxClaims(KubernetesClient client, String namespace, String template, String warmPool, Duration deadline, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.template = template;
        this.warmPool = warmPool;
        this.deadline = deadline;
        this.clock = clock;
    }

    /** The claim object for {@code name}. */
    GenericKubernetesResource claimObject(String name, Ownership owner) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(CLAIMS.getGroup() + "/" + CLAIMS.getVersion())
                .withKind(CLAIMS.getKind())
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(owner.labels())
                    .withOwnerReferences(owner.reference())
                .endMetadata()
                .addToAdditionalProperties("spec", Map.of(
                        "sandboxTemplateRef", Map.of("name", template),
                        "warmpool", warmPool,
                        "lifecycle", Map.of("shutdownTime", clock.instant().plus(deadline).toString(), "shutdownPolicy", "Delete"),
                        "additionalPodMetadata", Map.of("labels", owner.labels())))
                .build();
    }

    /** Claims a sandbox and waits, up to {@code timeout}, for the claim to name it and for its pod to be Ready. */
    Claim claim(Ownership owner, Duration timeout) {
        String name = "lean-sandbox-" + owner.engineId().substring(0, 8) + "-claim-" + names.incrementAndGet();
        try {
            client.genericKubernetesResources(CLAIMS).inNamespace(namespace).resource(claimObject(name, owner)).create();
        } catch (KubernetesClientException e) {
            throw new KubernetesTrouble("cannot create SandboxClaim " + name + " in namespace " + namespace, e);
        }
        Instant until = clock.instant().plus(timeout);
        long pause = 20;
        String sandbox = null;
        String pod = null;
        try {
            while (clock.instant().isBefore(until)) {
                if (sandbox == null) {
                    GenericKubernetesResource c = client.genericKubernetesResources(CLAIMS).inNamespace(namespace).withName(name).get();
                    sandbox = c == null ? null : boundSandbox(c);
                }
                if (sandbox != null && pod == null) {
                    GenericKubernetesResource s = client.genericKubernetesResources(SANDBOXES).inNamespace(namespace).withName(sandbox).get();
                    if (s != null) {
                        Map<String, String> annotations = s.getMetadata().getAnnotations();
                        pod = annotations != null && annotations.get(POD_NAME_ANNOTATION) != null
                                ? annotations.get(POD_NAME_ANNOTATION) : sandbox;
                    }
                }
                if (pod != null) {
                    Pod p = client.pods().inNamespace(namespace).withName(pod).get();
                    if (p != null && WarmPodPool.isReady(p)) {
                        return new Claim(name, pod);
                    }
                }
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(name);
            throw new SandboxUnavailableException("interrupted while waiting for SandboxClaim " + name);
        } catch (KubernetesClientException e) {
            release(name);
            throw new KubernetesTrouble("cannot follow SandboxClaim " + name, e);
        }
        release(name);
        throw new SandboxUnavailableException("SandboxClaim " + name + " in namespace " + namespace + " was not "
                + (sandbox == null ? "bound to a sandbox" : pod == null ? "given a pod (sandbox " + sandbox + ")" : "served by a Ready pod (" + pod + ")")
                + " within " + timeout.toSeconds() + " s (kubernetes.pod_ready_timeout): is agent-sandbox's controller running, "
                + "is there a SandboxTemplate '" + template + "' and does warm pool '" + warmPool + "' have Ready sandboxes?");
    }

    @SuppressWarnings("unchecked")
    static String boundSandbox(GenericKubernetesResource claim) {
        Object status = claim.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> s) || !(s.get("sandbox") instanceof Map<?, ?> sandbox)) {
            return null;
        }
        Object name = sandbox.get("name");
        return name instanceof String n && !n.isBlank() ? n : null;
    }

    /** Deletes a claim: agent-sandbox then deletes its sandbox and pod. */
    void release(String claim) {
        try {
            client.genericKubernetesResources(CLAIMS).inNamespace(namespace).withName(claim).delete();
        } catch (RuntimeException e) {
            // the lease's garbage collection and the claim's shutdownTime remain
        }
    }

    /** Deletes every claim of {@code engineId} (a dead engine's, or ours on close). */
    void deleteAllOf(String engineId) {
        try {
            client.genericKubernetesResources(CLAIMS).inNamespace(namespace).withLabel(Ownership.ENGINE, engineId).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    List<GenericKubernetesResource> claimsOf(String engineId) {
        return client.genericKubernetesResources(CLAIMS).inNamespace(namespace).withLabel(Ownership.ENGINE, engineId).list().getItems();
    }
}
