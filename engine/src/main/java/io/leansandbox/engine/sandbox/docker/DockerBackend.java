package io.leansandbox.engine.sandbox.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.ContainerLimits;
import io.leansandbox.engine.config.DockerHost;
import io.leansandbox.engine.config.ImageLimits;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.sandbox.AgentScript;
import io.leansandbox.engine.sandbox.HostBackend;
import io.leansandbox.engine.sandbox.HostStatus;
import io.leansandbox.engine.sandbox.Sandbox;
import io.leansandbox.engine.sandbox.SandboxBackend;
import io.leansandbox.engine.sandbox.SandboxFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Sandboxes as hardened Docker containers, each with one long-lived agent exec. */
public final class DockerBackend implements HostBackend {

    private static final Logger log = LoggerFactory.getLogger(DockerBackend.class);
    private static final Duration AGENT_START_WAIT = Duration.ofSeconds(30);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(3);

    /** The configured settings with the image's suggested limits applied ({@link ImageLimits}). */
    private final Settings settings;
    /** Where the effective memory limit and timeout came from, for logs and {@code status}. */
    private final ImageLimits.Applied applied;
    private final OwnerLabels owner;
    private final DockerClient control;
    private final DockerClient streams;
    /** For quick questions when something may be wrong: does the daemon answer, is a container still running. */
    private final DockerClient health;
    private final DockerCalls calls = new DockerCalls();
    private final String daemon;
    private final int cpus;
    private final SandboxFactory factory;
    private final Set<String> containers = ConcurrentHashMap.newKeySet();
    /** Removes this engine's containers if its JVM dies without closing it. */
    private final StandingReaper reaper;

    /**
     * Connects to the daemon, checks the image is there, applies the limits its labels state where the
     * user set none, removes the containers of engines that died without cleaning up, and starts this
     * engine's {@link Reaper}.
     */
    public DockerBackend(Settings configured, String engineId, ObjectMapper json) {
        this(configured, configured.dockerHost() == null ? null : DockerHost.of(configured.dockerHost()), engineId, json);
    }

    /** The same for the daemon {@code host} of a fleet (null: DOCKER_HOST, else the default socket). */
    public DockerBackend(Settings configured, DockerHost host, String engineId, ObjectMapper json) {
        DockerClientConfig clientConfig = clientConfig(host);
        this.daemon = clientConfig.getDockerHost().toString();
        // Control calls get a response timeout, so a daemon that hangs is named as such; agent streams
        // stay open for a container's lifetime.
        this.control = client(clientConfig, 32, configured.dockerApiTimeout());
        // One stream per sandbox, the reaper's, and some to spare.
        this.streams = client(clientConfig, configured.pool().maxSandboxes() + 9, Duration.ofDays(20));
        this.health = client(clientConfig, 4, HEALTH_TIMEOUT);
        this.factory = new SandboxFactory(json);
        try {
            InspectImageResponse image = checkDaemonAndImage(configured);
            this.owner = OwnerLabels.forThisJvm(engineId,
                    OwnContainer.on(id -> inspectContainer(id, configured.dockerApiTimeout())
                            .map(c -> c.getConfig() == null ? null : c.getConfig().getHostName()), OwnerLabels.hostName()).orElse(null));
            Guardrails.HostCapacity capacity = hostCapacity(configured.dockerApiTimeout());
            this.cpus = capacity.cpus();
            // The image states what Lean needs in it; a limit the user set wins, with a warning below the floor.
            this.applied = ImageLimits.fromLabels(configured.image(), image.getConfig() == null ? null : image.getConfig().getLabels())
                    .apply(configured, capacity.memoryBytes());
            this.settings = applied.settings();
            applied.warnings().forEach(log::warn);
            removeOrphans();
            List<String> missing = ImageContract.missing(control, settings.image(), image.getId(), settings.limits(), owner.asMap(), json);
            if (!missing.isEmpty()) {
                throw new SandboxUnavailableException(ImageContract.violation(settings.image(), missing));
            }
            // After the image: a wrong image is the first thing to fix (the original server's configuration
            // names its image and read_only: false).
            Guardrails.checkAll(List.of(new Guardrails.Checked(settings.limits(), applied.memoryOrigin()),
                            new Guardrails.Checked(settings.warmLimits(), settings.warm().memoryBytes() > 0 ? "lean.warm_memory_limit"
                                    : applied.memoryOrigin())), settings.unsafe(), capacity)
                    .forEach(log::warn);
            // Before any sandbox exists, so that none can outlive a crash of this JVM. Without it (docker.reaper:
            // false) a crashed engine's containers are removed by the next engine that starts on this daemon.
            this.reaper = settings.reaper()
                    ? new StandingReaper(() -> Reaper.start(control, streams, settings.image(), daemon, owner)) : null;
        } catch (RuntimeException e) {
            closeClients();
            throw e;
        }
    }

    /**
     * The client configuration for {@code host}; null: DOCKER_HOST, else the default socket. A host
     * with certificates is reached with mutual TLS (docker-java reads ca.pem, cert.pem and key.pem there).
     */
    static DockerClientConfig clientConfig(DockerHost host) {
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (host != null) {
            config.withDockerHost(host.address());
            if (host.certPath() != null) {
                config.withDockerTlsVerify(true).withDockerCertPath(host.certPath().toString());
            }
        }
        return config.build();
    }

    @Override
    public int liveSandboxes() {
        return containers.size();
    }

    @Override
    public int cpus() {
        return cpus;
    }

    @Override
    public List<HostStatus> hosts() {
        Optional<String> trouble = trouble();
        return List.of(new HostStatus(daemon, trouble.isEmpty(), liveSandboxes(), cpus, trouble.orElse(null), 0));
    }

    /** The daemon, as DOCKER_HOST names it. */
    public String daemon() {
        return daemon;
    }

    static DockerClient client(DockerClientConfig config, int connections, Duration responseTimeout) {
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(connections)
                .connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(responseTimeout)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** Checks that the daemon answers and has the image; returns what Docker knows of the image (its id, its labels). */
    private InspectImageResponse checkDaemonAndImage(Settings configured) {
        try {
            calls.within(configured.dockerApiTimeout(), () -> control.pingCmd().exec());
        } catch (RuntimeException e) {
            throw unreachable(daemon, e);
        }
        try {
            return calls.within(configured.dockerApiTimeout(), () -> control.inspectImageCmd(configured.image()).exec());
        } catch (NotFoundException e) {
            throw missingImage(configured.image(), daemon);
        }
    }

    /** What the host offers; read before the image's limits are applied (so before {@code settings} exists). */
    private Guardrails.HostCapacity hostCapacity(Duration timeout) {
        try {
            var info = calls.within(timeout, () -> control.infoCmd().exec());
            return new Guardrails.HostCapacity(info.getMemTotal() == null ? 0 : info.getMemTotal(),
                    info.getNCPU() == null ? 0 : info.getNCPU());
        } catch (RuntimeException e) {
            throw new SandboxUnavailableException("cannot read the Docker host's capacity from the Docker daemon at " + daemon + ": "
                    + rootMessage(e), e);
        }
    }

    /** The daemon at {@code daemon} does not answer: why, and how to fix it. */
    static SandboxUnavailableException unreachable(String daemon, RuntimeException e) {
        return new SandboxUnavailableException("cannot reach the Docker daemon at " + daemon + " (" + rootMessage(e)
                + "). Start it (systemctl start docker, or dockerd &) or point DOCKER_HOST at a running daemon.", e);
    }

    /** {@code image} is not in the daemon: how to build it, relative to a checkout (the jar's commands name exact paths). */
    public static SandboxUnavailableException missingImage(String image, String daemon) {
        return new SandboxUnavailableException("the image '" + image + "' is not in the Docker daemon at "
                + daemon + ". Build it: bin/lean-sandbox setup, or docker build -t " + image
                + " docker/ (the Lean image, see docker/README.md), or bash docker/build-images.sh for the test stand-in.");
    }

    private void removeOrphans() {
        List<Container> managed = calls.within(settings.dockerApiTimeout(), () -> control.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(OwnerLabels.MANAGED + "=true")).exec());
        Map<String, Boolean> gone = new HashMap<>(); // one inspect per owner container, however many sandboxes it left
        for (Container c : managed) {
            OwnerLabels.from(c.getLabels()).filter(o -> o.ownerIsDead(owner, id -> gone.computeIfAbsent(id, this::containerGone))).ifPresent(o -> {
                log.info("removing container {} left behind by dead engine {} (pid {})", shortId(c.getId()), o.engineId(), o.pid());
                remove(c.getId());
            });
        }
    }

    /** The container {@code id} of this daemon, if it has one. */
    private Optional<InspectContainerResponse> inspectContainer(String id, Duration timeout) {
        try {
            return Optional.of(calls.within(timeout, () -> control.inspectContainerCmd(id).exec()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the daemon has no container {@code id}, or has it stopped: its engine cannot be running.
     * A daemon that cannot say leaves it be: removing orphans must never stop this engine's start.
     */
    private boolean containerGone(String id) {
        try {
            return inspectContainer(id, settings.dockerApiTimeout())
                    .map(c -> c.getState() == null || !Boolean.TRUE.equals(c.getState().getRunning()))
                    .orElse(true);
        } catch (RuntimeException e) {
            log.warn("cannot tell whether container {} still runs ({}): leaving its sandboxes", shortId(id), e.toString());
            return false;
        }
    }

    @Override
    public Sandbox create(ContainerLimits limits) {
        String id;
        try {
            id = calls.within(settings.dockerApiTimeout(), () -> control.createContainerCmd(settings.image())
                    .withLabels(owner.asMap())
                    .withCmd(ContainerSpec.KEEPER_COMMAND)
                    .withUser(ContainerSpec.KEEPER_USER)
                    .withEnv(settings.environment())
                    .withWorkingDir(settings.workingDir())
                    .withHostConfig(ContainerSpec.hostConfig(limits))
                    .exec().getId());
        } catch (NotFoundException e) {
            throw new SandboxUnavailableException("the image '" + settings.image() + "' is gone from the Docker daemon at " + daemon, e);
        } catch (RuntimeException e) {
            throw trouble("cannot create a container from '" + settings.image() + "'", e);
        }
        containers.add(id);
        try {
            calls.within(settings.dockerApiTimeout(), () -> control.startContainerCmd(id).exec());
            return factory.start(shortId(id), transport -> attachAgent(id, transport), () -> remove(id),
                    new Sandbox.FaultProbe() {
                        @Override
                        public Optional<String> infrastructureFault() {
                            return DockerBackend.this.infrastructureFault(id);
                        }

                        @Override
                        public boolean memoryFull() {
                            return DockerBackend.this.memoryFull(id);
                        }
                    },
                    new Sandbox.AgentSetup(true, settings.workingDir(), limits.writableDirs(), limits.writableDirs().get(0),
                            limits.user(), limits.resetMemorySlackBytes(), limits.memoryBytes()),
                    AGENT_START_WAIT);
        } catch (RuntimeException e) {
            remove(id);
            if (e instanceof SandboxUnavailableException s) {
                // The agent's stream failing (a daemon going down under it) reads better as the daemon's trouble.
                throw trouble().<SandboxUnavailableException>map(t -> new SandboxUnavailableException(
                        "cannot start a sandbox in container " + shortId(id) + ": " + t, s)).orElse(s);
            }
            throw trouble("cannot start a sandbox in container " + shortId(id), e);
        }
    }

    /** One {@code docker exec -i} that runs the agent for the container's whole life. */
    private SandboxFactory.Link attachAgent(String containerId, SandboxFactory.Transport transport) {
        SandboxFactory.Pipe stdin = SandboxFactory.pipe();
        String execId = calls.within(settings.dockerApiTimeout(), () -> control.execCreateCmd(containerId)
                .withCmd(AgentScript.command("python3").toArray(String[]::new))
                .withUser(ContainerSpec.AGENT_USER)
                .withWorkingDir(settings.workingDir())
                .withAttachStdin(true)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .exec().getId());
        ResultCallback.Adapter<Frame> callback = streams.execStartCmd(execId)
                .withStdIn(stdin.reader())
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        byte[] payload = frame.getPayload();
                        switch (frame.getStreamType()) {
                            case STDOUT, RAW -> transport.agentStdout(payload, 0, payload.length);
                            default -> log.debug("agent {}: {}", shortId(containerId),
                                    new String(payload, StandardCharsets.UTF_8).stripTrailing());
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        transport.agentEnded("stream error: " + rootMessage(t));
                    }

                    @Override
                    public void onComplete() {
                        transport.agentEnded("the agent exited");
                    }
                });
        return new SandboxFactory.Link(stdin.writer(), () -> {
            try {
                stdin.writer().close();
                callback.close();
            } catch (IOException e) {
                log.debug("closing agent stream of {}: {}", shortId(containerId), e.toString());
            }
        });
    }

    /**
     * What outside the code is wrong with container {@code id}, if anything: the daemon not answering,
     * the container removed or stopped by someone else. Empty when both are sound.
     */
    private Optional<String> infrastructureFault(String id) {
        try {
            var state = calls.within(HEALTH_TIMEOUT, () -> health.inspectContainerCmd(id).exec().getState());
            // A container being killed from outside loses its agent a moment before Docker marks it
            // stopped: look again before taking a running container's word.
            for (int look = 0; look < 4 && Boolean.TRUE.equals(state.getRunning()); look++) {
                sleep(Duration.ofMillis(250));
                state = calls.within(HEALTH_TIMEOUT, () -> health.inspectContainerCmd(id).exec().getState());
            }
            if (Boolean.TRUE.equals(state.getRunning())) {
                return Optional.empty();
            }
            if (Boolean.TRUE.equals(state.getOOMKilled())) {
                return Optional.empty(); // the code's memory use ended its container
            }
            Long exit = state.getExitCodeLong();
            if (exit != null && exit < 128) {
                // Not killed by a signal (docker kill, stop, rm -f, a daemon shutting down give 128+N): the
                // container's own process gave up while the code ran, e.g. gVisor's sandbox exiting with 2
                // when a fork bomb leaves it no thread (the code cannot signal the container's root processes).
                return Optional.empty();
            }
            return Optional.of("container " + shortId(id) + " was stopped from outside (" + state.getStatus()
                    + ", exit code " + state.getExitCodeLong() + ")");
        } catch (NotFoundException e) {
            return Optional.of("container " + shortId(id) + " was removed from outside");
        } catch (RuntimeException e) {
            return Optional.of(notAnswering(e));
        }
    }

    /**
     * Whether container {@code id} ran out of memory: the kernel killed it for that (gVisor's sandbox
     * dies whole), or it uses (nearly) all the memory it may, as Docker's statistics tell.
     */
    private boolean memoryFull(String id) {
        try {
            var state = calls.within(HEALTH_TIMEOUT, () -> health.inspectContainerCmd(id).exec().getState());
            if (Boolean.TRUE.equals(state.getOOMKilled())) {
                return true;
            }
            if (!Boolean.TRUE.equals(state.getRunning())) {
                return false;
            }
            var stats = new java.util.concurrent.CompletableFuture<com.github.dockerjava.api.model.Statistics>();
            health.statsCmd(id).withNoStream(true).exec(new ResultCallback.Adapter<>() {
                @Override
                public void onNext(com.github.dockerjava.api.model.Statistics s) {
                    stats.complete(s);
                }

                @Override
                public void onError(Throwable t) {
                    stats.completeExceptionally(t);
                }
            });
            var memory = stats.get(HEALTH_TIMEOUT.toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS).getMemoryStats();
            return memory != null && memory.getUsage() != null && memory.getLimit() != null && memory.getLimit() > 0
                    && memory.getUsage() >= memory.getLimit() * 0.95;
        } catch (Exception e) {
            log.debug("no memory statistics of {}: {}", shortId(id), e.toString());
            return false;
        }
    }

    @Override
    public Optional<String> trouble() {
        try {
            calls.within(HEALTH_TIMEOUT, () -> health.pingCmd().exec());
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(notAnswering(e));
        }
    }

    private String notAnswering(RuntimeException e) {
        return "the Docker daemon at " + daemon + " is not answering (" + rootMessage(e) + ")";
    }

    /** A failed Docker call, said as what it is: a daemon that did not answer in time, or its error. */
    private SandboxUnavailableException trouble(String what, RuntimeException e) {
        if (isTimeout(e)) {
            return new SandboxUnavailableException(what + ": the Docker daemon at " + daemon + " did not answer within "
                    + settings.dockerApiTimeout().toSeconds() + " s (docker.docker_api_timeout)", e);
        }
        // Whatever failed (a broken pipe, a refused connection, an error 500 of a daemon shutting down):
        // say whether the daemon answers at all, and name it either way.
        Optional<String> daemonTrouble = trouble();
        if (daemonTrouble.isPresent()) {
            return new SandboxUnavailableException(what + ": " + daemonTrouble.get(), e);
        }
        if (e instanceof com.github.dockerjava.api.exception.DockerException) {
            return new SandboxUnavailableException(what + ": the Docker daemon at " + daemon + " answered: " + rootMessage(e), e);
        }
        // The daemon answers now but the call failed on the way (its socket was gone for a moment while
        // it restarted, say): still name the daemon, so that the caller knows where to look.
        return new SandboxUnavailableException(what + ": the call to the Docker daemon at " + daemon + " failed: " + rootMessage(e), e);
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof DockerCalls.DaemonTimeout || c instanceof java.net.SocketTimeoutException
                    || c instanceof java.util.concurrent.TimeoutException
                    || c.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private void remove(String id) {
        try {
            calls.within(settings.dockerApiTimeout(), () -> control.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec());
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            log.warn("could not remove container {}: {}", shortId(id), rootMessage(e));
            return;
        }
        containers.remove(id);
    }

    @Override
    public String describe() {
        return "docker image " + settings.image() + " at " + daemon + "; sandboxes: " + applied.describe();
    }

    /** The settings sandboxes run with: the configured ones with the image's suggested limits where the user set none. */
    public Settings settings() {
        return settings;
    }

    /** Removes every container this engine made, including any it lost track of, found by label. */
    @Override
    public void close() {
        try {
            containers.parallelStream().forEach(this::remove);
            calls.within(settings.dockerApiTimeout(), () -> control.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of(OwnerLabels.ENGINE + "=" + owner.engineId())).exec()).stream()
                    .filter(c -> !Reaper.REAPER.equals(c.getLabels().get(Reaper.ROLE)))
                    .forEach(c -> remove(c.getId()));
        } catch (RuntimeException e) {
            log.warn("could not remove every container of engine {}: {}", owner.engineId(), rootMessage(e));
        } finally {
            // Last: until now a crash of this JVM would still leave nothing behind.
            try {
                if (reaper != null) {
                    reaper.close();
                }
            } finally {
                closeClients();
            }
        }
    }

    private void closeClients() {
        calls.close();
        for (DockerClient client : List.of(control, streams, health)) {
            try {
                client.close();
            } catch (IOException e) {
                log.debug("closing docker client: {}", e.toString());
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    static String rootMessage(Throwable t) {
        return io.leansandbox.engine.sandbox.RootCause.message(t);
    }
}
