package io.leansandbox.engine.testing;

import io.leansandbox.engine.config.Backend;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.lean.ImportPolicy;

import java.time.Duration;

/** Settings for tests that run against the Docker daemon and the stand-in image. */
public final class TestEngines {

    private TestEngines() {
    }

    public static String image() {
        return System.getProperty("lean.test.image", "lean-sandbox/standin:latest");
    }

    /**
     * The OCI runtimes the isolation tests run under (property {@code lean.test.runtimes}, e.g.
     * {@code runc,runsc}; CI registers gVisor's runsc with its daemon and names both).
     */
    public static java.util.List<String> runtimes() {
        return java.util.Arrays.stream(System.getProperty("lean.test.runtimes", "runc").split(","))
                .map(String::strip).filter(r -> !r.isEmpty()).toList();
    }

    /** {@link #docker(int)} with sandboxes under {@code runtime}. */
    public static Settings docker(int poolSize, String runtime) {
        Settings s = docker(poolSize);
        var l = s.limits();
        return s.toBuilder().limits(new io.leansandbox.engine.config.ContainerLimits(l.memoryBytes(), l.cpus(), l.pidsLimit(),
                l.nofile(), l.fsizeBytes(), l.tmpfsBytes(), l.writableDirs(), l.readOnlyRoot(), l.networkDisabled(), l.user(),
                l.shmBytes(), runtime, l.resetMemorySlackBytes())).build();
    }

    /**
     * The stand-in's environment for tests that are not about cost: by default it charges what Lean
     * costs (a REPL start, the {@code Init} import, each command), which would only slow them down.
     */
    public static final String FREE_COSTS = "LEAN_STANDIN_COST_MODEL=free";

    /** The stand-in image (at no cost), a small pool, and a short timeout. */
    public static Settings docker(int poolSize) {
        return Settings.defaults().toBuilder()
                .backend(Backend.DOCKER)
                .image(image())
                .environment(java.util.List.of(FREE_COSTS))
                .importPolicy(ImportPolicy.OPEN)
                .timeout(Duration.ofSeconds(5))
                .pool(new PoolSettings(true, poolSize, Duration.ofSeconds(300), 2, Math.max(1, poolSize), Duration.ofSeconds(60)))
                .build();
    }
}
