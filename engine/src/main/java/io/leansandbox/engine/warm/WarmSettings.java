package io.leansandbox.engine.warm;

import java.util.List;

/**
 * Warm REPLs for one-off checks.
 *
 * @param enabled        whether checks with an import header use warm REPLs
 * @param perHeader      warm REPLs kept per distinct header, at most
 * @param maxRepls       warm REPLs alive at once across all headers, at most (each holds a sandbox)
 * @param maxUses        checks one warm REPL serves before it is recycled
 * @param memoryBytes    memory limit of a warm REPL's sandbox (a Mathlib environment needs gigabytes)
 * @param recycleMemoryBytes  a warm REPL whose sandbox uses more memory than this after a check is
 *                       recycled before it serves another (the REPL never frees the states of the
 *                       commands it ran, leanprover-community/repl#77, so it grows with every use);
 *                       0 means three quarters of its sandbox's memory limit
 * @param headers        headers to warm at start, e.g. {@code import Mathlib}
 */
public record WarmSettings(boolean enabled, int perHeader, int maxRepls, int maxUses, long memoryBytes, long recycleMemoryBytes,
                           List<String> headers) {

    public WarmSettings {
        headers = List.copyOf(headers);
        if (perHeader < 1) {
            throw new IllegalArgumentException("warm_repls_per_header must be at least 1, got " + perHeader);
        }
        if (maxRepls < 1) {
            throw new IllegalArgumentException("max_warm_repls must be at least 1, got " + maxRepls);
        }
        if (recycleMemoryBytes < 0) {
            throw new IllegalArgumentException("warm_recycle_memory must not be negative, got " + recycleMemoryBytes);
        }
        if (maxUses < 1) {
            throw new IllegalArgumentException("warm_max_uses must be at least 1, got " + maxUses);
        }
    }

    /** The memory use past which a warm REPL in a sandbox limited to {@code sandboxLimit} bytes (0: unknown) is recycled; 0: never. */
    public long recycleAbove(long sandboxLimit) {
        return recycleMemoryBytes > 0 ? recycleMemoryBytes : sandboxLimit / 4 * 3;
    }
}
