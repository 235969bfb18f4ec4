package io.leansandbox.engine.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes what dead engines left in the namespace: a lease of another engine whose renewTime is older
 * than twice its duration (it has been expired for a whole duration: its engine missed six renewals)
 * is deleted with its pods and claims. Run at start and every lease duration, so with the default
 * 30 s lease a crashed engine's objects are gone 60-90 s after its last renewal, if any engine runs
 * in the namespace; its pods stop running sooner, when their agents' streams end (see
 * {@link PodSpecs#KEEPER}), and activeDeadlineSeconds ends them in any case.
 */
final class Sweeper {

    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String ownEngineId;
    private final Clock clock;
    private final SandboxClaims claims;

    /** {@code claims}: agent-sandbox claims to delete as well, or null when the engine makes its own pods. */
    Sweeper(KubernetesClient client, String namespace, String ownEngineId, Clock clock, SandboxClaims claims) {
        this.client = client;
        this.namespace = namespace;
        this.ownEngineId = ownEngineId;
        this.clock = clock;
        this.claims = claims;
    }

    /** Deletes the stale leases of other engines and their objects; the engine ids swept. */
    List<String> sweep() {
        List<String> swept = new ArrayList<>();
        Instant now = clock.instant();
        for (Lease lease : client.leases().inNamespace(namespace).withLabel(Ownership.MANAGED, "true").list().getItems()) {
            String engine = lease.getMetadata().getLabels() == null ? null : lease.getMetadata().getLabels().get(Ownership.ENGINE);
            if (engine == null || engine.equals(ownEngineId) || !stale(lease, now)) {
                continue;
            }
            log.info("removing the pods of engine {}: its lease {} was last renewed {}", engine, lease.getMetadata().getName(),
                    lease.getSpec().getRenewTime() == null ? "never" : lease.getSpec().getRenewTime());
            // The garbage collector would delete the pods after the lease; deleting them first does not
            // wait for it, and does it even where the owner references were lost.
            client.pods().inNamespace(namespace).withLabel(Ownership.ENGINE, engine).withGracePeriod(0).delete();
            if (claims != null) {
                claims.deleteAllOf(engine);
            }
            client.leases().inNamespace(namespace).withName(lease.getMetadata().getName())
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            swept.add(engine);
        }
        return swept;
    }

    /** Whether {@code lease} has gone unrenewed for twice its duration. */
    static boolean stale(Lease lease, Instant now) {
        int seconds = lease.getSpec() == null || lease.getSpec().getLeaseDurationSeconds() == null ? 30
                : lease.getSpec().getLeaseDurationSeconds();
        Optional<Instant> renewed = lease.getSpec() == null || lease.getSpec().getRenewTime() == null ? Optional.empty()
                : Optional.of(lease.getSpec().getRenewTime().toInstant());
        Instant last = renewed.orElseGet(() -> creation(lease));
        return last != null && now.isAfter(last.plus(Duration.ofSeconds(2L * seconds)));
    }

    private static Instant creation(Lease lease) {
        try {
            return Instant.parse(lease.getMetadata().getCreationTimestamp());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
