package io.leansandbox.engine.config;

import java.util.List;

/**
 * The hardening every sandbox container gets. Defaults are the hardened ones; each is a setting.
 *
 * @param memoryBytes     memory limit; memory+swap is set equal, so there is no swap
 * @param cpus            CPU limit in cores
 * @param pidsLimit       most processes and threads at once
 * @param nofile          open files per process (soft = hard)
 * @param fsizeBytes      largest file a process may write
 * @param tmpfsBytes      size of each writable tmpfs (counts against memory)
 * @param writableDirs    the only writable places: tmpfs mounts, wiped on every reset
 * @param readOnlyRoot    read-only root filesystem
 * @param networkDisabled no network at all (network mode none)
 * @param user            uid:gid that runs the code
 * @param shmBytes        size of the container's private {@code /dev/shm} (counts against memory), wiped on every reset
 * @param runtime         the OCI runtime (e.g. {@code runsc} for gVisor), or empty for the daemon's default
 * @param resetMemorySlackBytes how far above its idle footprint a sandbox's anonymous and shared memory
 *                        may stay after a reset before the sandbox is retired
 */
public record ContainerLimits(
        long memoryBytes,
        double cpus,
        long pidsLimit,
        long nofile,
        long fsizeBytes,
        long tmpfsBytes,
        List<String> writableDirs,
        boolean readOnlyRoot,
        boolean networkDisabled,
        String user,
        long shmBytes,
        String runtime,
        long resetMemorySlackBytes) {

    public static final ContainerLimits DEFAULT = new ContainerLimits(
            256L << 20, 0.5, 256, 1024, 128L << 20, 64L << 20, List.of("/tmp"), true, true, "1000:1000",
            16L << 20, "", 32L << 20);

    public ContainerLimits {
        writableDirs = List.copyOf(writableDirs);
        runtime = runtime == null ? "" : runtime.strip();
        if (memoryBytes < (6L << 20)) {
            throw new IllegalArgumentException("memory_limit must be at least 6m (Docker's minimum), got " + memoryBytes);
        }
        if (cpus <= 0) {
            throw new IllegalArgumentException("cpu_limit must be positive, got " + cpus);
        }
        if (pidsLimit < 8) {
            throw new IllegalArgumentException("pids_limit must be at least 8, got " + pidsLimit);
        }
        if (!user.matches("\\d+(:\\d+)?")) {
            throw new IllegalArgumentException("user must be numeric uid or uid:gid (the agent starts the code under it), got '"
                    + user + "'");
        }
        if (shmBytes < (1L << 20)) {
            throw new IllegalArgumentException("shm_size must be at least 1m, got " + shmBytes);
        }
        if (resetMemorySlackBytes < 0) {
            throw new IllegalArgumentException("reset_memory_slack must not be negative, got " + resetMemorySlackBytes);
        }
    }

    /** The uid that runs the code. */
    public int uid() {
        return Integer.parseInt(user.split(":")[0]);
    }

    /** These limits with another memory limit (a warm REPL's). */
    public ContainerLimits withMemory(long bytes) {
        return new ContainerLimits(bytes, cpus, pidsLimit, nofile, fsizeBytes, tmpfsBytes, writableDirs, readOnlyRoot,
                networkDisabled, user, shmBytes, runtime, resetMemorySlackBytes);
    }
}
