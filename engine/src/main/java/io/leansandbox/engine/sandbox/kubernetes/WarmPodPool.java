package io.leansandbox.engine.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.leansandbox.engine.DaemonThreads;
import io.leansandbox.engine.SandboxUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Keeps {@code size} of the engine's pods Ready ahead of demand. A claim takes a Ready pod (labelled
 * {@code claimed} from then on) and a replacement is made at once; with none Ready the claim waits for
 * the next one. One informer (a single watch on the engine's pods) sees pods become Ready, fail to
 * start (a pull error, say) or vanish: nothing polls, whatever the pool's size.
 */
final class WarmPodPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WarmPodPool.class);
    /** Waiting reasons that do not go away by themselves: such a pod is deleted and the reason kept. */
    private static final Set<String> HOPELESS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError", "RunContainerError");

    private final KubernetesClient client;
    private final String namespace;
    private final Ownership owner;
    private final Function<String, Pod> warmPod;
    private final int size;
    /** Pods made for the pool that are not Ready yet. */
    private final Set<String> warming = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingDeque<String> ready = new LinkedBlockingDeque<>();
    /** Pods made for one caller (other limits, or no warm pool): their readiness goes to that caller. */
    private final Map<String, CompletableFuture<String>> awaited = new ConcurrentHashMap<>();
    private final ExecutorService makers;
    private final SharedIndexInformer<Pod> informer;
    private volatile String lastFailure;
    private final java.util.concurrent.atomic.AtomicLong names = new java.util.concurrent.atomic.AtomicLong();

    /** {@code warmPod}: the pod spec for a name, with the pool's limits. */
    WarmPodPool(KubernetesClient client, Ownership owner, Function<String, Pod> warmPod, int size) {
        this.client = client;
        this.namespace = owner.namespace();
        this.owner = owner;
        this.warmPod = warmPod;
        this.size = size;
        this.makers = Executors.newFixedThreadPool(4, DaemonThreads.named("lean-sandbox-pod-maker"));
        this.informer = client.pods().inNamespace(namespace).withLabel(Ownership.ENGINE, owner.engineId())
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        seen(pod);
                    }

                    @Override
                    public void onUpdate(Pod old, Pod pod) {
                        seen(pod);
                    }

                    @Override
                    public void onDelete(Pod pod, boolean unknownState) {
                        gone(pod.getMetadata().getName(), "pod " + pod.getMetadata().getName() + " was deleted before it was Ready");
                    }
                });
        for (int i = 0; i < size; i++) {
            makers.execute(this::makeWarm);
        }
    }

    /** A fresh name for one of the engine's pods: a prefix of the engine's id and a counter. */
    String newName() {
        return "lean-sandbox-" + owner.engineId().substring(0, 8) + "-" + names.incrementAndGet();
    }

    private void makeWarm() {
        String name = newName();
        warming.add(name);
        try {
            client.pods().inNamespace(namespace).resource(warmPod.apply(name)).create();
        } catch (RuntimeException e) {
            warming.remove(name);
            lastFailure = "cannot create pod " + name + ": " + KubernetesTrouble.describe(e);
            log.warn("{}", lastFailure);
        }
    }

    private void seen(Pod pod) {
        String name = pod.getMetadata().getName();
        if (isReady(pod)) {
            CompletableFuture<String> waiter = awaited.remove(name);
            if (waiter != null) {
                waiter.complete(name);
            } else if (warming.remove(name)) {
                ready.add(name);
            }
            return;
        }
        String why = hopeless(pod);
        if (why != null && (warming.contains(name) || awaited.containsKey(name))) {
            gone(name, why);
            // Not on the informer's thread: a call to the API server there holds up every event after it
            // (against the mock server it stalled it for its whole 10 s request timeout).
            makers.execute(() -> {
                try {
                    client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
                } catch (RuntimeException e) {
                    log.warn("cannot delete pod {}: {}", name, KubernetesTrouble.describe(e));
                }
            });
        }
    }

    private void gone(String name, String why) {
        ready.remove(name);
        CompletableFuture<String> waiter = awaited.remove(name);
        if (waiter != null) {
            waiter.completeExceptionally(new SandboxUnavailableException(why));
        }
        if (warming.remove(name)) {
            lastFailure = why;
            log.warn("{}", why);
        }
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Why {@code pod} will never become Ready, or null while it may. */
    static String hopeless(Pod pod) {
        String name = pod.getMetadata().getName();
        if (pod.getStatus() == null) {
            return null;
        }
        if ("Failed".equals(pod.getStatus().getPhase()) || "Succeeded".equals(pod.getStatus().getPhase())) {
            return "pod " + name + " ended before it was Ready (" + pod.getStatus().getPhase()
                    + (pod.getStatus().getReason() == null ? "" : ", " + pod.getStatus().getReason()) + ")";
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
                if (c.getState() != null && c.getState().getWaiting() != null && HOPELESS.contains(c.getState().getWaiting().getReason())) {
                    return "pod " + name + " cannot start: " + c.getState().getWaiting().getReason()
                            + (c.getState().getWaiting().getMessage() == null ? "" : " (" + c.getState().getWaiting().getMessage() + ")");
                }
            }
        }
        return null;
    }

    /**
     * A Ready pod for a sandbox: one of the pool's (then a replacement is made), else the next to
     * become Ready, within {@code timeout}. It is labelled claimed.
     */
    String take(Duration timeout) {
        String name;
        try {
            if (size == 0) {
                return cold(warmPod, timeout);
            }
            if (warming.isEmpty() && ready.isEmpty()) {
                makers.execute(this::makeWarm); // the pool lost its pods (creations failed): try again for this caller
            }
            name = ready.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted while waiting for a pod");
        }
        if (name == null) {
            throw new SandboxUnavailableException("no pod of the warm pool became Ready within " + timeout.toSeconds()
                    + " s in namespace " + namespace + " (" + warming.size() + " starting"
                    + (lastFailure == null ? "" : "; last failure: " + lastFailure) + ")");
        }
        makers.execute(this::makeWarm);
        markClaimed(name);
        return name;
    }

    /** A pod made for one caller from {@code spec} (other limits than the pool's), once Ready. */
    String cold(Function<String, Pod> spec, Duration timeout) {
        String name = newName();
        CompletableFuture<String> readyPod = new CompletableFuture<>();
        awaited.put(name, readyPod);
        try {
            client.pods().inNamespace(namespace).resource(spec.apply(name)).create();
            Pod now = client.pods().inNamespace(namespace).withName(name).get();
            if (now != null && isReady(now)) {
                seen(now); // Ready before the informer saw it
            }
            readyPod.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            markClaimed(name);
            return name;
        } catch (TimeoutException e) {
            awaited.remove(name);
            client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
            throw new SandboxUnavailableException("pod " + name + " did not become Ready within " + timeout.toSeconds()
                    + " s in namespace " + namespace + " (kubernetes.pod_ready_timeout)");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SandboxUnavailableException s ? s
                    : new SandboxUnavailableException("pod " + name + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted while waiting for pod " + name);
        } catch (RuntimeException e) {
            awaited.remove(name);
            if (e instanceof SandboxUnavailableException s) {
                throw s;
            }
            throw new KubernetesTrouble("cannot create pod " + name, e);
        }
    }

    private void markClaimed(String name) {
        try {
            // One merge patch (no read first): the label lets status and kubectl tell claimed pods from warm ones.
            client.pods().inNamespace(namespace).withName(name)
                    .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                            "{\"metadata\":{\"labels\":{\"" + Ownership.STATE + "\":\"claimed\"}}}");
        } catch (RuntimeException e) {
            log.debug("could not label pod {} claimed: {}", name, e.toString());
        }
    }

    int readyCount() {
        return ready.size();
    }

    int warmingCount() {
        return warming.size();
    }

    String lastFailure() {
        return lastFailure;
    }

    @Override
    public void close() {
        makers.shutdownNow();
        informer.close();
        awaited.values().forEach(f -> f.completeExceptionally(new SandboxUnavailableException("the backend was closed")));
    }
}
