package io.leansandbox.engine.sandbox.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.leansandbox.engine.DaemonThreads;
import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.ByteSize;
import io.leansandbox.engine.config.ContainerLimits;
import io.leansandbox.engine.config.KubernetesSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.sandbox.HostStatus;
import io.leansandbox.engine.sandbox.Sandbox;
import io.leansandbox.engine.sandbox.SandboxBackend;
import io.leansandbox.engine.sandbox.SandboxFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sandboxes as hardened pods on a Kubernetes cluster ({@code docker.backend: kubernetes}).
 *
 * <p>At start the engine sweeps the namespace ({@link Sweeper}), creates its lease ({@link LeaseKeeper}),
 * a deny-all NetworkPolicy for its pods ({@link DenyAllPolicy}) and a warm pool of pods
 * ({@link WarmPodPool}, spec by {@link PodSpecs}), or, with {@code kubernetes.agent_sandbox}, claims
 * sandboxes from agent-sandbox ({@link SandboxClaims}). A sandbox is a Ready pod plus one long-lived
 * exec stream to its agent ({@link AgentStream}): runs never touch the API server beyond that stream.
 *
 * <p><b>Weaker than Docker, said plainly.</b> Under the restricted Pod Security profile no process of
 * the pod may hold a capability, so the agent cannot start the code as another user, as it does in a
 * Docker container: agent and code share the non-root uid ({@code docker.user}). The agent is
 * non-dumpable, so the code cannot trace it, read its memory or open its stdin/stdout through /proc;
 * but it can signal it. If the code stops or kills its agent while it runs, the engine sees its
 * supervision end with the pod sound and the run is a {@code SANDBOX_VIOLATION} (graded unverified),
 * never a retried infrastructure error; the pod is then deleted. Between runs the agent kills every
 * process of that uid but itself and PID 1 ({@code kill(-1)}), as in Docker. There is no per-pod pids
 * limit (the kubelet's podPidsLimit, per node, is the only one), no ulimits (the agent sets nofile and
 * fsize on the code's processes) and no noexec on the writable emptyDirs.
 */
public final class KubernetesBackend implements SandboxBackend {

    private static final Logger log = LoggerFactory.getLogger(KubernetesBackend.class);
    private static final Duration AGENT_START_WAIT = Duration.ofSeconds(30);

    private final Settings settings;
    private final KubernetesClient client;
    private final boolean ownsClient;
    private final String namespace;
    private final String engineId;
    private final SandboxFactory factory;
    private final LeaseKeeper lease;
    private final Ownership owner;
    private final Sweeper sweeper;
    private final WarmPodPool pool;
    private final SandboxClaims claims;
    private final ScheduledExecutorService sweeps;
    /** Pod name -> the claim that gave it (agent-sandbox), or the pod's own name. */
    private final Map<String, String> live = new ConcurrentHashMap<>();

    /** Connects with the kubeconfig context of {@code kubernetes.context} (empty: the client's own resolution, in-cluster too). */
    public KubernetesBackend(Settings settings, String engineId, ObjectMapper json) {
        // Checked before the client is made: a refused setting must not leave a client (and its threads) open.
        this(check(settings), engineId, json, client(settings), true, Clock.systemUTC());
    }

    /** On {@code client} (the tests' mock server); {@code ownsClient}: close it on close. */
    KubernetesBackend(Settings settings, String engineId, ObjectMapper json, KubernetesClient client, boolean ownsClient, Clock clock) {
        check(settings);
        this.settings = settings;
        this.client = client;
        this.ownsClient = ownsClient;
        this.engineId = engineId;
        this.factory = new SandboxFactory(json);
        KubernetesSettings k = settings.kubernetes();
        this.namespace = !k.namespace().isEmpty() ? k.namespace()
                : client.getNamespace() != null ? client.getNamespace() : "default";
        this.claims = k.agentSandbox() ? new SandboxClaims(client, namespace, k.sandboxTemplate(), k.warmPool(), k.activeDeadline(), clock) : null;
        this.sweeper = new Sweeper(client, namespace, engineId, clock, claims);
        try {
            List<String> swept = sweeper.sweep();
            if (!swept.isEmpty()) {
                log.info("removed the objects of {} dead engine(s) in namespace {}", swept.size(), namespace);
            }
        } catch (RuntimeException e) {
            closeClient();
            throw new KubernetesTrouble("cannot list the leases in namespace " + namespace + " at " + client.getMasterUrl(), e);
        }
        this.lease = new LeaseKeeper(client, namespace, engineId, k.leaseSeconds(), clock);
        try {
            this.owner = lease.start();
            if (settings.limits().networkDisabled()) {
                DenyAllPolicy.ensure(client, owner);
            }
            int warm = claims == null ? k.warmPodsFor(settings.pool().enabled() ? settings.pool().size() : 0) : 0;
            this.pool = claims == null ? new WarmPodPool(client, owner,
                    name -> PodSpecs.pod(name, settings, settings.limits(), owner, "warm"), warm) : null;
        } catch (RuntimeException e) {
            lease.close();
            closeClient();
            throw e instanceof SandboxUnavailableException s ? s : new KubernetesTrouble("cannot start in namespace " + namespace, e);
        }
        this.sweeps = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lean-sandbox-sweeper"));
        sweeps.scheduleWithFixedDelay(this::sweepQuietly, k.leaseSeconds(), k.leaseSeconds(), TimeUnit.SECONDS);
    }

    /** The settings Kubernetes cannot honour, refused before anything is made. */
    static Settings check(Settings settings) {
        ContainerLimits l = settings.limits();
        if (l.uid() == 0) {
            throw new SandboxUnavailableException("docker.user is " + l.user() + ": the kubernetes backend runs the code and its agent "
                    + "as a non-root user (runAsNonRoot), so docker.user must not be uid 0");
        }
        if (!l.networkDisabled() && !settings.unsafe().network()) {
            throw new SandboxUnavailableException("docker.network_disabled is false: refused unless docker.allow_network "
                    + "(the kubernetes backend would then make no deny-all NetworkPolicy)");
        }
        if (!l.readOnlyRoot() && !settings.unsafe().writableRoot()) {
            throw new SandboxUnavailableException("docker.read_only is false: refused unless docker.allow_writable_root");
        }
        return settings;
    }

    static KubernetesClient client(Settings settings) {
        String context = settings.kubernetes().context();
        Config config = Config.autoConfigure(context.isEmpty() ? null : context);
        config.setRequestTimeout((int) settings.dockerApiTimeout().toMillis());
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private void sweepQuietly() {
        try {
            sweeper.sweep();
        } catch (RuntimeException e) {
            log.warn("sweeping namespace {} failed: {}", namespace, KubernetesTrouble.describe(e));
        }
    }

    @Override
    public Sandbox create(ContainerLimits limits) {
        Duration timeout = settings.kubernetes().podReadyTimeout();
        String pod;
        String claim;
        if (claims != null) {
            SandboxClaims.Claim c = claims.claim(owner, timeout);
            pod = c.pod();
            claim = c.name();
        } else {
            pod = limits.equals(settings.limits()) ? pool.take(timeout)
                    : pool.cold(name -> PodSpecs.pod(name, settings, limits, owner, "claimed"), timeout);
            claim = null;
        }
        live.put(pod, claim == null ? pod : claim);
        try {
            return factory.start(pod, transport -> AgentStream.open(client, namespace, pod, PodSpecs.CONTAINER, transport),
                    () -> remove(pod), new Sandbox.FaultProbe() {
                        @Override
                        public Optional<String> infrastructureFault() {
                            return KubernetesBackend.this.infrastructureFault(pod);
                        }

                        @Override
                        public boolean memoryFull() {
                            return KubernetesBackend.this.oomKilled(pod);
                        }
                    },
                    new Sandbox.AgentSetup(true, settings.workingDir(), limits.writableDirs(), limits.writableDirs().get(0),
                            null, limits.resetMemorySlackBytes(), limits.memoryBytes(),
                            Map.of("nofile", limits.nofile(), "fsize", limits.fsizeBytes()), true),
                    AGENT_START_WAIT);
        } catch (RuntimeException e) {
            remove(pod);
            throw e instanceof SandboxUnavailableException s ? s : new KubernetesTrouble("cannot start the agent in pod " + pod, e);
        }
    }

    /**
     * What outside the code is wrong with {@code pod}: deleted, being deleted, evicted, past its
     * deadline, or the API server not answering. Empty when the pod runs (the code stopped its agent),
     * when it was OOM-killed (the code's memory), or when its keeper ended it with exit 0 (the agent's
     * stream ended, or the code told the keeper to: its own sandbox either way).
     */
    Optional<String> infrastructureFault(String pod) {
        Pod p;
        try {
            p = client.pods().inNamespace(namespace).withName(pod).get();
        } catch (RuntimeException e) {
            return Optional.of(KubernetesTrouble.describe(e) + " (asking about pod " + pod + ")");
        }
        if (p == null) {
            return Optional.of("pod " + pod + " was deleted from outside");
        }
        if (p.getMetadata().getDeletionTimestamp() != null) {
            return Optional.of("pod " + pod + " is being deleted");
        }
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if ("Running".equals(phase) || "Pending".equals(phase)) {
            return Optional.empty();
        }
        String reason = p.getStatus() == null ? null : p.getStatus().getReason();
        if (reason != null) {
            return Optional.of("pod " + pod + " was stopped by Kubernetes (" + phase + ", " + reason + ")");
        }
        ContainerStatus c = container(p);
        if (c != null && c.getState() != null && c.getState().getTerminated() != null) {
            var t = c.getState().getTerminated();
            if ("OOMKilled".equals(t.getReason()) || Integer.valueOf(0).equals(t.getExitCode())) {
                return Optional.empty();
            }
            return Optional.of("pod " + pod + "'s container was stopped from outside (" + t.getReason() + ", exit code " + t.getExitCode() + ")");
        }
        return Optional.of("pod " + pod + " is " + phase);
    }

    /** Whether the pod's container was OOM-killed (Kubernetes offers no cheaper memory figure than the metrics API). */
    boolean oomKilled(String pod) {
        try {
            Pod p = client.pods().inNamespace(namespace).withName(pod).get();
            ContainerStatus c = p == null ? null : container(p);
            return c != null && c.getState() != null && c.getState().getTerminated() != null
                    && "OOMKilled".equals(c.getState().getTerminated().getReason());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static ContainerStatus container(Pod p) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return null;
        }
        return p.getStatus().getContainerStatuses().stream().filter(c -> PodSpecs.CONTAINER.equals(c.getName())).findFirst()
                .orElse(p.getStatus().getContainerStatuses().isEmpty() ? null : p.getStatus().getContainerStatuses().get(0));
    }

    private void remove(String pod) {
        String claim = live.remove(pod);
        try {
            if (claims != null && claim != null) {
                claims.release(claim);
            } else {
                client.pods().inNamespace(namespace).withName(pod).withGracePeriod(0).delete();
            }
        } catch (RuntimeException e) {
            log.warn("could not delete pod {}: {}", pod, KubernetesTrouble.describe(e));
        }
    }

    /** The sandboxes in use now. */
    public int liveSandboxes() {
        return live.size();
    }

    @Override
    public Optional<String> trouble() {
        return lease.trouble();
    }

    @Override
    public List<HostStatus> hosts() {
        Optional<String> trouble = trouble();
        return List.of(new HostStatus("kubernetes " + client.getMasterUrl() + " namespace " + namespace, trouble.isEmpty(),
                liveSandboxes(), settings.pool().maxSandboxes(), trouble.orElse(null), 0));
    }

    @Override
    public String describe() {
        KubernetesSettings k = settings.kubernetes();
        ContainerLimits l = settings.limits();
        String pods = claims != null
                ? liveSandboxes() + " claimed from agent-sandbox (template " + k.sandboxTemplate() + ", warm pool " + k.warmPool() + ")"
                : liveSandboxes() + " in use, " + pool.readyCount() + " warm and Ready, " + pool.warmingCount() + " starting";
        return "kubernetes namespace " + namespace + " at " + client.getMasterUrl() + " (engine " + engineId + "); pods: " + pods
                + "; image " + settings.image() + ", memory " + ByteSize.format(l.memoryBytes()) + ", cpu " + l.cpus()
                + (k.runtimeClass().isEmpty() ? "" : ", runtime class " + k.runtimeClass())
                + "; code and agent share uid " + l.uid() + " (see KubernetesBackend)";
    }

    /** The settings the backend runs with. */
    Settings settingsForTest() {
        return settings;
    }

    public String namespace() {
        return namespace;
    }

    /** Deletes every pod, claim and policy of the engine, then its lease (whose garbage collection catches the rest). */
    @Override
    public void close() {
        sweeps.shutdownNow();
        try {
            if (pool != null) {
                pool.close();
            }
            client.pods().inNamespace(namespace).withLabel(Ownership.ENGINE, engineId).withGracePeriod(0).delete();
            if (claims != null) {
                claims.deleteAllOf(engineId);
            }
            client.network().v1().networkPolicies().inNamespace(namespace).withName(DenyAllPolicy.name(engineId)).delete();
        } catch (RuntimeException e) {
            log.warn("could not delete every pod of engine {}: {}", engineId, KubernetesTrouble.describe(e));
        } finally {
            lease.close();
            live.clear();
            closeClient();
        }
    }

    private void closeClient() {
        if (ownsClient) {
            client.close();
        }
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
