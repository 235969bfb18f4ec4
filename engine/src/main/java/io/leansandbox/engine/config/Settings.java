package io.leansandbox.engine.config;

import io.leansandbox.engine.grading.GradingSettings;
import io.leansandbox.engine.lean.ImportPolicy;
import io.leansandbox.engine.session.SessionSettings;
import io.leansandbox.engine.warm.WarmSettings;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Every setting of the engine, as one immutable value. Start from {@link #defaults()} and change
 * what you need with {@link #toBuilder()}.
 *
 * @param backend          where sandboxes run
 * @param image            the Docker image (see docker/CONTRACT.md)
 * @param workingDir       the directory the REPL and {@code lean} run in, inside the sandbox
 * @param dockerHost       the Docker daemon to use, or null for DOCKER_HOST / the default unix socket
 * @param hosts            a fleet of Docker daemons to spread sandboxes over (setting docker.hosts);
 *                         empty: the one daemon of {@code dockerHost}
 * @param limits           container hardening and resource limits
 * @param pool             the sandbox pool
 * @param timeout          wall-clock limit of one run
 * @param outputLimitBytes most output kept from one run; past it the run is cut and killed
 * @param maxSourceBytes   largest source accepted, in UTF-8 bytes
 * @param importPolicy     allowed and blocked imports
 * @param agentGrace       how long past the timeout the engine waits for the sandbox's own answer
 *                         before it declares the sandbox dead and retires it
 * @param sessions         limits on stateful sessions
 * @param warm             warm REPLs for checks that share an import header; a memory of 0 means memory_limit
 * @param environment      extra environment variables for the toolchain in every sandbox, as NAME=VALUE
 * @param grading          axioms allowed in graded proofs, and the limits of gold grading
 * @param imageBuild       whether and how a missing image is built (by the runnable jar's commands)
 * @param dockerApiTimeout how long one Docker API call (create, start, remove, inspect) may take before
 *                         the daemon is reported as not answering
 * @param reaper           whether a reaper container removes this engine's containers when its JVM dies
 * @param unsafe           the weakening settings explicitly allowed
 * @param kubernetes       where and how the kubernetes backend makes its pods (the {@code kubernetes:} section)
 * @param userLimits       which of the memory limit and the timeout the user set; the others give way to
 *                         the image's labels when the engine starts (docker/CONTRACT.md, docs/LIMITS.md)
 */
public record Settings(
        Backend backend,
        String image,
        String workingDir,
        String dockerHost,
        List<DockerHost> hosts,
        ContainerLimits limits,
        PoolSettings pool,
        Duration timeout,
        long outputLimitBytes,
        int maxSourceBytes,
        ImportPolicy importPolicy,
        Duration agentGrace,
        SessionSettings sessions,
        WarmSettings warm,
        List<String> environment,
        GradingSettings grading,
        ImageBuildSettings imageBuild,
        Duration dockerApiTimeout,
        boolean reaper,
        UnsafeSettings unsafe,
        KubernetesSettings kubernetes,
        UserLimits userLimits) {

    /** The production image of this version ({@link ImageNames#DEFAULT}, e.g. {@code lean-sandbox:0.1.0}). */
    public static final String DEFAULT_IMAGE = ImageNames.DEFAULT;

    public Settings {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(importPolicy, "importPolicy");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(warm, "warm");
        Objects.requireNonNull(grading, "grading");
        Objects.requireNonNull(imageBuild, "imageBuild");
        Objects.requireNonNull(unsafe, "unsafe");
        Objects.requireNonNull(userLimits, "userLimits");
        Objects.requireNonNull(kubernetes, "kubernetes");
        if (dockerApiTimeout.isNegative() || dockerApiTimeout.isZero()) {
            throw new IllegalArgumentException("docker_api_timeout must be positive, got " + dockerApiTimeout.toMillis() + " ms");
        }
        environment = List.copyOf(environment);
        hosts = List.copyOf(hosts);
        if (hosts.stream().map(DockerHost::address).distinct().count() < hosts.size()) {
            throw new IllegalArgumentException("docker.hosts names a daemon twice");
        }
        for (String variable : environment) {
            if (!variable.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                throw new IllegalArgumentException("environment entries must be NAME=VALUE, got '" + variable + "'");
            }
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout.toMillis() + " ms");
        }
        if (outputLimitBytes < 1024) {
            throw new IllegalArgumentException("output_limit must be at least 1k, got " + outputLimitBytes);
        }
        if (maxSourceBytes < 1) {
            throw new IllegalArgumentException("max_source_bytes must be positive, got " + maxSourceBytes);
        }
    }

    public static Settings defaults() {
        return new Settings(Backend.DOCKER, DEFAULT_IMAGE, "/home/leanuser/project", null, List.of(),
                ContainerLimits.DEFAULT, PoolSettings.DEFAULT, Duration.ofSeconds(30), 1L << 20, 1 << 20,
                ImportPolicy.DEFAULT, Duration.ofSeconds(5), SessionSettings.DEFAULT,
                new WarmSettings(true, 2, 8, 100, 0, 0, List.of()), List.of(), GradingSettings.DEFAULT,
                ImageBuildSettings.DEFAULT, Duration.ofSeconds(20), true, UnsafeSettings.NONE, KubernetesSettings.DEFAULT,
                UserLimits.NONE);
    }

    /** The limits of a warm REPL's sandbox: the usual ones with the warm memory limit. */
    public ContainerLimits warmLimits() {
        if (warm.memoryBytes() <= 0) {
            return limits;
        }
        return limits.withMemory(warm.memoryBytes());
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Changes a few settings of a {@link Settings} value. Setting a timeout or a memory limit
     * ({@link #memoryLimit(long)}, or limits with another memory limit) marks that limit as the user's
     * ({@link UserLimits}): an image's suggestion no longer replaces it. {@link #userLimits(UserLimits)}
     * says exactly which limits were set.
     */
    public static final class Builder {
        private Backend backend;
        private String image;
        private String workingDir;
        private String dockerHost;
        private List<DockerHost> hosts;
        private ContainerLimits limits;
        private PoolSettings pool;
        private Duration timeout;
        private long outputLimitBytes;
        private int maxSourceBytes;
        private ImportPolicy importPolicy;
        private Duration agentGrace;
        private SessionSettings sessions;
        private WarmSettings warm;
        private List<String> environment;
        private GradingSettings grading;
        private ImageBuildSettings imageBuild;
        private Duration dockerApiTimeout;
        private boolean reaper;
        private UnsafeSettings unsafe;
        private KubernetesSettings kubernetes;
        private UserLimits userLimits;

        private Builder(Settings s) {
            backend = s.backend;
            image = s.image;
            workingDir = s.workingDir;
            dockerHost = s.dockerHost;
            hosts = s.hosts;
            limits = s.limits;
            pool = s.pool;
            timeout = s.timeout;
            outputLimitBytes = s.outputLimitBytes;
            maxSourceBytes = s.maxSourceBytes;
            importPolicy = s.importPolicy;
            agentGrace = s.agentGrace;
            sessions = s.sessions;
            warm = s.warm;
            environment = s.environment;
            grading = s.grading;
            imageBuild = s.imageBuild;
            dockerApiTimeout = s.dockerApiTimeout;
            reaper = s.reaper;
            unsafe = s.unsafe;
            kubernetes = s.kubernetes;
            userLimits = s.userLimits;
        }

        public Builder backend(Backend v) { backend = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder workingDir(String v) { workingDir = v; return this; }
        public Builder dockerHost(String v) { dockerHost = v; return this; }
        public Builder hosts(List<DockerHost> v) { hosts = v; return this; }
        public Builder limits(ContainerLimits v) {
            if (v.memoryBytes() != limits.memoryBytes()) {
                userLimits = userLimits.withMemory();
            }
            limits = v;
            return this;
        }
        public Builder pool(PoolSettings v) { pool = v; return this; }
        /** The sandboxes' memory limit, marked as the user's even when it equals the current one. */
        public Builder memoryLimit(long bytes) {
            limits = limits.withMemory(bytes);
            userLimits = userLimits.withMemory();
            return this;
        }
        public Builder timeout(Duration v) { timeout = v; userLimits = userLimits.withTimeout(); return this; }
        public Builder outputLimitBytes(long v) { outputLimitBytes = v; return this; }
        public Builder maxSourceBytes(int v) { maxSourceBytes = v; return this; }
        public Builder importPolicy(ImportPolicy v) { importPolicy = v; return this; }
        public Builder agentGrace(Duration v) { agentGrace = v; return this; }
        public Builder sessions(SessionSettings v) { sessions = v; return this; }
        public Builder warm(WarmSettings v) { warm = v; return this; }
        public Builder environment(List<String> v) { environment = v; return this; }
        public Builder grading(GradingSettings v) { grading = v; return this; }
        public Builder imageBuild(ImageBuildSettings v) { imageBuild = v; return this; }
        public Builder dockerApiTimeout(Duration v) { dockerApiTimeout = v; return this; }
        public Builder reaper(boolean v) { reaper = v; return this; }
        public Builder unsafe(UnsafeSettings v) { unsafe = v; return this; }
        public Builder kubernetes(KubernetesSettings v) { kubernetes = v; return this; }
        public Builder userLimits(UserLimits v) { userLimits = v; return this; }

        public Settings build() {
            return new Settings(backend, image, workingDir, dockerHost, hosts, limits, pool, timeout,
                    outputLimitBytes, maxSourceBytes, importPolicy, agentGrace, sessions, warm, environment, grading, imageBuild,
                    dockerApiTimeout, reaper, unsafe, kubernetes, userLimits);
        }
    }
}
