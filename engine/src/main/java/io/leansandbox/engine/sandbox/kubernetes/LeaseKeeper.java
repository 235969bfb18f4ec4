package io.leansandbox.engine.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.leansandbox.engine.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The engine's lease (coordination.k8s.io/v1, named after the engine's id): the object every pod,
 * claim and network policy of the engine is owned by, and the engine's heartbeat. The engine renews
 * it every third of its duration; a lease not renewed for twice its duration belongs to an engine
 * that died, and any other engine's {@link Sweeper} deletes it, and so (through the garbage collector,
 * and directly) its pods.
 */
final class LeaseKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String engineId;
    private final int seconds;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private volatile String lastFailure;

    LeaseKeeper(KubernetesClient client, String namespace, String engineId, int seconds, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.engineId = engineId;
        this.seconds = seconds;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lean-sandbox-lease-" + engineId));
    }

    /** Creates the lease and starts renewing it; the ownership every object of the engine names. */
    Ownership start() {
        java.time.ZonedDateTime now = clock.instant().atZone(java.time.ZoneOffset.UTC);
        Lease lease = new LeaseBuilder()
                .withNewMetadata()
                    .withName(Ownership.leaseName(engineId))
                    .withNamespace(namespace)
                    .withLabels(java.util.Map.of(Ownership.MANAGED, "true", Ownership.ENGINE, engineId))
                .endMetadata()
                .withNewSpec()
                    .withHolderIdentity(engineId + "@" + KubernetesBackend.hostName())
                    .withLeaseDurationSeconds(seconds)
                    .withAcquireTime(now)
                    .withRenewTime(now)
                .endSpec()
                .build();
        Lease made;
        try {
            made = client.leases().inNamespace(namespace).resource(lease).create();
        } catch (KubernetesClientException e) {
            throw new KubernetesTrouble("cannot create the engine's lease " + lease.getMetadata().getName() + " in namespace "
                    + namespace, e);
        }
        long period = Math.max(1000L, seconds * 1000L / 3);
        timer.scheduleWithFixedDelay(this::renewQuietly, period, period, TimeUnit.MILLISECONDS);
        return new Ownership(engineId, namespace, made.getMetadata().getName(), made.getMetadata().getUid());
    }

    /** Moves the lease's renewTime to now. */
    void renew() {
        java.time.ZonedDateTime now = clock.instant().atZone(java.time.ZoneOffset.UTC);
        client.leases().inNamespace(namespace).withName(Ownership.leaseName(engineId))
                .edit(l -> new LeaseBuilder(l).editSpec().withRenewTime(now).endSpec().build());
    }

    private void renewQuietly() {
        try {
            renew();
            lastFailure = null;
        } catch (RuntimeException e) {
            // Another renewal comes a third of the duration later; two missed ones in a row leave the
            // lease to other engines' sweepers, and the status says why.
            lastFailure = "cannot renew the engine's lease: " + KubernetesTrouble.rootMessage(e);
            log.warn("{}", lastFailure);
        }
    }

    /** Why the last renewal failed, if it did. */
    Optional<String> trouble() {
        return Optional.ofNullable(lastFailure);
    }

    /** Stops renewing and deletes the lease; the garbage collector deletes what it owns. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            client.leases().inNamespace(namespace).withName(Ownership.leaseName(engineId))
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (RuntimeException e) {
            log.warn("could not delete the lease of engine {}: {}", engineId, KubernetesTrouble.rootMessage(e));
        }
    }
}
