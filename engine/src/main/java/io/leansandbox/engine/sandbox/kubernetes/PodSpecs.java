package io.leansandbox.engine.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.leansandbox.engine.config.ContainerLimits;
import io.leansandbox.engine.config.KubernetesSettings;
import io.leansandbox.engine.config.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hardened pod of one sandbox: the Docker container's hardening, as far as Kubernetes can say it,
 * under the restricted Pod Security profile.
 *
 * <ul>
 * <li>Everything runs as the code's user ({@code docker.user}, non-root, {@code runAsNonRoot}), no
 *     privilege escalation, all capabilities dropped, RuntimeDefault seccomp, read-only root.</li>
 * <li>No service-account token, no service links in the environment, no host namespaces.</li>
 * <li>The writable directories and {@code /dev/shm} are memory-backed emptyDirs with the tmpfs and
 *     shm sizes as their limits (they count against the pod's memory, as tmpfs does in Docker).</li>
 * <li>Requests equal limits (Guaranteed QoS): memory and CPU as {@code docker.memory_limit} and
 *     {@code docker.cpu_limit}.</li>
 * <li>activeDeadlineSeconds: the hard end of the pod's life, whatever happens to the engine.</li>
 * <li>The main process is the {@link #KEEPER}: it keeps the pod alive, reaps orphans, and ends the pod
 *     when the agent tells it to (its stream ended: the engine is gone) or Kubernetes stops it.</li>
 * </ul>
 *
 * <p>What does not carry over, said plainly: Kubernetes has no per-pod pids limit (it is the kubelet's
 * {@code podPidsLimit}, per node); no ulimits (the agent sets {@code nofile} and {@code fsize} on the
 * code's processes itself); no {@code noexec} on emptyDirs; the agent cannot run as another user than
 * the code (see {@link KubernetesBackend}). The network is cut by a {@link DenyAllPolicy}, which only a
 * CNI that enforces NetworkPolicy (Calico, Cilium, ...) makes real.
 */
final class PodSpecs {

    static final String CONTAINER = "sandbox";
    /**
     * PID 1 of the pod: no signal sent from inside the pod reaches it unless it handles it, so the code
     * cannot kill it; it handles SIGUSR1 (the agent's "my stream ended") and SIGTERM (the kubelet's
     * stop) by ending the pod, and reaps the orphans of killed code, which would otherwise stay as
     * zombies. The code may end the pod too (SIGUSR1), which only ends its own sandbox. It makes itself
     * non-dumpable first: it runs as the code's uid, which could otherwise trace it and live on in it
     * past every reset; it refuses to run if it cannot.
     */
    static final String KEEPER = String.join("\n",
            "import ctypes, os, signal, sys, time",
            "if ctypes.CDLL(None).prctl(4, 0, 0, 0, 0) != 0: sys.exit('the keeper cannot make itself non-dumpable')",
            "def end(*_): os._exit(0)",
            "signal.signal(signal.SIGUSR1, end)",
            "signal.signal(signal.SIGTERM, end)",
            "while True:",
            "    try: os.waitpid(-1, 0)",
            "    except ChildProcessError: time.sleep(1)",
            "");

    private PodSpecs() {
    }

    /** The pod {@code name} of {@code owner} with {@code limits}, labelled {@code state} (warm or claimed). */
    static Pod pod(String name, Settings settings, ContainerLimits limits, Ownership owner, String state) {
        KubernetesSettings k = settings.kubernetes();
        long[] ids = ids(limits.user());
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        for (int i = 0; i < limits.writableDirs().size(); i++) {
            String volume = "writable-" + i;
            volumes.add(memoryVolume(volume, limits.tmpfsBytes()));
            mounts.add(new VolumeMountBuilder().withName(volume).withMountPath(limits.writableDirs().get(i)).build());
        }
        volumes.add(memoryVolume("shm", limits.shmBytes()));
        mounts.add(new VolumeMountBuilder().withName("shm").withMountPath("/dev/shm").build());
        Map<String, Quantity> resources = Map.of(
                "memory", new Quantity(Long.toString(limits.memoryBytes())),
                "cpu", new Quantity(Math.round(limits.cpus() * 1000) + "m"));
        Container container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(settings.image())
                .withImagePullPolicy(k.imagePullPolicy())
                .withCommand("python3", "-I", "-c", KEEPER)
                .withWorkingDir(settings.workingDir())
                .withEnv(environment(settings.environment()))
                .withNewResources().withLimits(resources).withRequests(resources).endResources()
                .withVolumeMounts(mounts)
                .withNewSecurityContext()
                    .withRunAsNonRoot(true)
                    .withRunAsUser(ids[0])
                    .withRunAsGroup(ids[1])
                    .withAllowPrivilegeEscalation(false)
                    .withPrivileged(false)
                    .withReadOnlyRootFilesystem(limits.readOnlyRoot())
                    .withCapabilities(dropAll())
                    .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build())
                .endSecurityContext()
                .build();
        PodBuilder pod = new PodBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(owner.namespace())
                    .withLabels(owner.podLabels(state))
                    .withOwnerReferences(owner.reference())
                .endMetadata()
                .withNewSpec()
                    .withRestartPolicy("Never")
                    .withActiveDeadlineSeconds(k.activeDeadline().toSeconds())
                    .withTerminationGracePeriodSeconds(1L)
                    .withAutomountServiceAccountToken(false)
                    .withEnableServiceLinks(false)
                    .withHostNetwork(false)
                    .withHostPID(false)
                    .withHostIPC(false)
                    .withShareProcessNamespace(false)
                    .withNewSecurityContext()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(ids[0])
                        .withRunAsGroup(ids[1])
                        .withFsGroup(ids[1])
                        .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build())
                    .endSecurityContext()
                    .withContainers(container)
                    .withVolumes(volumes)
                .endSpec();
        if (!k.runtimeClass().isEmpty()) {
            pod.editSpec().withRuntimeClassName(k.runtimeClass()).endSpec();
        }
        return pod.build();
    }

    private static Capabilities dropAll() {
        return new CapabilitiesBuilder().withDrop("ALL").build();
    }

    private static Volume memoryVolume(String name, long bytes) {
        return new VolumeBuilder().withName(name)
                .withNewEmptyDir().withMedium("Memory").withSizeLimit(new Quantity(Long.toString(bytes))).endEmptyDir()
                .build();
    }

    private static List<EnvVar> environment(List<String> variables) {
        return variables.stream().map(v -> {
            int eq = v.indexOf('=');
            return new EnvVar(v.substring(0, eq), v.substring(eq + 1), null);
        }).toList();
    }

    /** uid and gid of {@code user} ("uid" or "uid:gid"). */
    static long[] ids(String user) {
        String[] parts = user.split(":");
        long uid = Long.parseLong(parts[0]);
        return new long[] {uid, parts.length > 1 ? Long.parseLong(parts[1]) : uid};
    }
}
