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

    /** The container's main process only keeps it alive, as a user who cannot touch the sandbox user's processes. */
    static final String KEEPER_USER = "65534:65534";
    static final List<String> KEEPER_COMMAND = List.of("sleep", "infinity");

    private ContainerSpec() {
    }

    static HostConfig hostConfig(ContainerLimits limits) {
        HostConfig host = HostConfig.newHostConfig()
                .withReadonlyRootfs(limits.readOnlyRoot())
                .withTmpFs(tmpfs(limits))
                .withCapDrop(Capability.ALL)
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
