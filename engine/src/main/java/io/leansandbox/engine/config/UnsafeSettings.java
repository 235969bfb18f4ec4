package io.leansandbox.engine.config;

/**
 * Settings that weaken the sandbox, each refused unless allowed here ({@code docker.allow_unsafe_settings}
 * allows them all; one flag per risk otherwise). An allowed risk is still named in a warning at start.
 *
 * @param rootUser         {@code docker.user} of uid 0: the code runs as root in the container
 * @param network          {@code docker.network_disabled: false}: the code can reach the network
 * @param writableRoot     {@code docker.read_only: false}: the code can write outside the wiped directories,
 *                         and what it writes there stays for the next run
 * @param limitsBeyondHost memory or CPU limits above what the Docker host has: no limit in effect
 */
public record UnsafeSettings(boolean rootUser, boolean network, boolean writableRoot, boolean limitsBeyondHost) {

    public static final UnsafeSettings NONE = new UnsafeSettings(false, false, false, false);
    public static final UnsafeSettings ALL = new UnsafeSettings(true, true, true, true);
}
