package io.leansandbox.engine.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.leansandbox.engine.sandbox.Labels;

import java.util.Map;

/**
 * Who owns an object the engine makes: the engine's {@link LeaseKeeper lease}. Every pod, claim and
 * network policy of the engine carries these labels and an ownerReference to the lease, so that
 * deleting the lease (the engine's close, or another engine's {@link Sweeper} once the lease has
 * expired) lets Kubernetes' garbage collector delete all of them.
 *
 * @param engineId  the engine's id (a UUID: a valid label value and name part)
 * @param namespace where the engine's objects live
 * @param leaseName the lease's name
 * @param leaseUid  the lease's uid, which an ownerReference must name
 */
record Ownership(String engineId, String namespace, String leaseName, String leaseUid) {

    static final String MANAGED = Labels.MANAGED;
    static final String ENGINE = Labels.ENGINE;
    static final String ROLE = Labels.ROLE;
    /** {@code warm} while a pod waits in the warm pool, {@code claimed} once a sandbox runs in it. */
    static final String STATE = "io.leansandbox.state";
    static final String SANDBOX = "sandbox";

    static String leaseName(String engineId) {
        return "lean-sandbox-" + engineId;
    }

    /** The labels of every object of this engine. */
    Map<String, String> labels() {
        return Map.of(MANAGED, "true", ENGINE, engineId);
    }

    /** The labels of a sandbox pod of this engine, {@code state} warm or claimed. */
    Map<String, String> podLabels(String state) {
        return Map.of(MANAGED, "true", ENGINE, engineId, ROLE, SANDBOX, STATE, state);
    }

    /**
     * The reference to the lease. Not a controller reference and not blocking its owner's deletion: the
     * lease only anchors the garbage collector, it controls nothing.
     */
    OwnerReference reference() {
        return new OwnerReferenceBuilder()
                .withApiVersion("coordination.k8s.io/v1")
                .withKind("Lease")
                .withName(leaseName)
                .withUid(leaseUid)
                .withController(false)
                .withBlockOwnerDeletion(false)
                .build();
    }
}
