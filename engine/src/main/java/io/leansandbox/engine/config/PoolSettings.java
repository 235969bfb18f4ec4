package io.leansandbox.engine.config;

import java.time.Duration;

/**
 * The sandbox pool, with the original server's settings and defaults.
 *
 * @param enabled                pool_enabled: keep warm sandboxes; false means one new sandbox per run
 * @param size                   pool_size: sandboxes kept warm (0 disables pooling like pool_enabled false)
 * @param maxAge                 pool_max_age: a sandbox older than this is retired
 * @param maxConcurrentCreations max_concurrent_creations: sandboxes created at once, at most
 * @param maxSandboxes           most sandboxes alive at once, in use or idle; the pool grows toward it only while
 *                               queued callers wait longer than a creation takes (see SandboxPool), past it callers queue
 * @param acquireTimeout         how long a caller queues for a sandbox before a "busy" error
 */
public record PoolSettings(
        boolean enabled,
        int size,
        Duration maxAge,
        int maxConcurrentCreations,
        int maxSandboxes,
        Duration acquireTimeout) {

    public static final PoolSettings DEFAULT =
            new PoolSettings(true, 32, Duration.ofSeconds(300), 5, 64, Duration.ofSeconds(60));

    public PoolSettings {
        if (size < 0) {
            throw new IllegalArgumentException("pool_size must be 0 or more, got " + size);
        }
        if (maxConcurrentCreations < 1) {
            throw new IllegalArgumentException("max_concurrent_creations must be at least 1, got " + maxConcurrentCreations);
        }
        if (maxSandboxes < 1) {
            throw new IllegalArgumentException("max_sandboxes must be at least 1, got " + maxSandboxes);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("pool_max_age must be positive, got " + maxAge.toSeconds());
        }
    }

    /** Whether sandboxes are kept and reused between runs. */
    public boolean pooling() {
        return enabled && size > 0;
    }
}
