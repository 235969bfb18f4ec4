package io.leansandbox.engine.sandbox.docker;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import io.leansandbox.engine.config.ByteSize;
import io.leansandbox.engine.config.ContainerLimits;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns {@link ContainerLimits} into Docker's host configuration. */
final class ContainerSpec {

    /**
     * The container's main process only keeps it alive. It runs as root because Docker gives an exec
     * the container user's effective capabilities, none for a non-root user, whatever the exec's own
     * user (so the agent's exec would lack SETUID); the code, under another uid, cannot signal it.
     */
    static final String KEEPER_USER = "0:0";
    static final List<String> KEEPER_COMMAND = List.of("sleep", "infinity");
    /**
     * The agent runs as root with only these capabilities: to start the code as its own user
     * (SETUID, SETGID) and to kill what the code leaves behind (KILL). The code, started under
     * another uid, holds none of them, and no-new-privileges keeps it so.
     */
    static final String AGENT_USER = "0:0";
    static final List<Capability> AGENT_CAPABILITIES = List.of(Capability.SETUID, Capability.SETGID, Capability.KILL);

    private ContainerSpec() {
    }

    static HostConfig hostConfig(ContainerLimits limits) {
        HostConfig host = HostConfig.newHostConfig()
                .withReadonlyRootfs(limits.readOnlyRoot())
                .withTmpFs(tmpfs(limits))
                .withCapDrop(Capability.ALL)
                .withCapAdd(AGENT_CAPABILITIES.toArray(Capability[]::new))
                // Its own IPC namespace: SysV objects and /dev/shm of one container are invisible to others.
                .withIpcMode("private")
                .withShmSize(limits.shmBytes())
                .withSecurityOpts(List.of("no-new-privileges"))
                // Without an init, killed processes stay zombies and count against the pids limit.
                .withInit(true)
                .withPidsLimit(limits.pidsLimit())
                .withMemory(limits.memoryBytes())
                .withMemorySwap(limits.memoryBytes())
                .withNanoCPUs(Math.round(limits.cpus() * 1e9))
                .withUlimits(List.of(
                        new Ulimit("nofile", limits.nofile(), limits.nofile()),
                        new Ulimit("fsize", limits.fsizeBytes(), limits.fsizeBytes())));
        if (limits.networkDisabled()) {
            host.withNetworkMode("none");
        }
        if (!limits.runtime().isEmpty()) {
            host.withRuntime(limits.runtime());
        }
        return host;
    }

    /** tmpfs is the only writable place: size-limited, owned by the sandbox user, nothing executable. */
    private static Map<String, String> tmpfs(ContainerLimits limits) {
        String[] ids = limits.user().split(":");
        String uid = ids[0];
        String gid = ids.length > 1 ? ids[1] : ids[0];
        String options = "rw,noexec,nosuid,nodev,size=" + ByteSize.format(limits.tmpfsBytes())
                + ",uid=" + uid + ",gid=" + gid + ",mode=1777";
        Map<String, String> mounts = new LinkedHashMap<>();
        limits.writableDirs().forEach(dir -> mounts.put(dir, options));
        return mounts;
    }
}
