package io.leansandbox.mcp;

import io.leansandbox.engine.config.Backend;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.config.SettingsLoader;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * The engine options every command shares. Settings come from the original server's YAML file and
 * LEAN_DOCKER_MCP_* variables (see the README); an option given here overrides them.
 */
final class EngineOptions {

    @Option(names = "--image", paramLabel = "IMAGE",
            description = "Docker image with the Lean toolchain (default: docker.image, lean-sandbox:<version>; serve and the other "
                    + "commands build it when it is missing, see docker.auto_build).")
    String image;

    @Option(names = "--backend", paramLabel = "BACKEND",
            description = "Where sandboxes run: ${COMPLETION-CANDIDATES} (default: docker.backend, DOCKER). "
                    + "LOCAL runs trusted code on this machine's Lean.")
    Backend backend;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Wall-clock limit of one run, in seconds (default: docker.timeout, 30).")
    Long timeoutSeconds;

    @Option(names = "--pool-size", paramLabel = "N",
            description = "Sandboxes kept warm between runs; 0 makes a new one for every run "
                    + "(default: docker.pool_size, 32, for serve; 1 for check; 0 for run; the concurrency for eval).")
    Integer poolSize;

    /**
     * The configured settings with these options applied; {@code commandPoolSize}, when not null,
     * replaces the configured pool size if --pool-size is not given (one-shot commands need no big pool).
     */
    Settings settings(Integer commandPoolSize) {
        Settings base = SettingsLoader.load();
        Settings.Builder settings = base.toBuilder();
        if (image != null) {
            settings.image(image);
        }
        if (backend != null) {
            settings.backend(backend);
        }
        if (timeoutSeconds != null) {
            if (timeoutSeconds <= 0) {
                throw new IllegalArgumentException("--timeout must be a positive number of seconds, got " + timeoutSeconds);
            }
            settings.timeout(Duration.ofSeconds(timeoutSeconds));
        }
        Integer size = poolSize != null ? poolSize : commandPoolSize;
        if (size != null) {
            if (size < 0) {
                throw new IllegalArgumentException("--pool-size must be 0 or more, got " + size);
            }
            PoolSettings pool = base.pool();
            settings.pool(new PoolSettings(pool.enabled(), size, pool.maxAge(), pool.maxConcurrentCreations(),
                    Math.max(pool.maxSandboxes(), size), pool.acquireTimeout()));
        }
        return settings.build();
    }
}
