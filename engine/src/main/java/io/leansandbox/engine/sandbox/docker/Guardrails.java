package io.leansandbox.engine.sandbox.docker;

import io.leansandbox.engine.config.ByteSize;
import io.leansandbox.engine.config.ContainerLimits;
import io.leansandbox.engine.config.SettingsException;
import io.leansandbox.engine.config.UnsafeSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * Refuses settings that weaken the sandbox unless they are explicitly allowed ({@link UnsafeSettings}),
 * and names each allowed one, so that no risky configuration passes silently.
 */
final class Guardrails {

    /** What the Docker host offers: limits above it limit nothing. */
    record HostCapacity(long memoryBytes, int cpus) {
    }

    /**
     * One kind of sandbox to check: its limits, and where its memory limit came from (a setting such as
     * {@code docker.memory_limit}, an image's label, or {@code default}), which a refusal names so that
     * the user knows what to change.
     */
    record Checked(ContainerLimits limits, String memoryOrigin) {
    }

    /** One weakening setting: the setting, what it risks, and the flag that allows it. */
    private record Risk(String setting, String risk, String flag, boolean allowed) {
    }

    private Guardrails() {
    }

    /**
     * The warnings to log for the risks allowed; throws a {@link SettingsException} naming the first
     * risk not allowed and the flag that would allow it.
     */
    static List<String> check(List<ContainerLimits> sandboxes, UnsafeSettings allowed, HostCapacity host) {
        return checkAll(sandboxes.stream().map(l -> new Checked(l, "docker.memory_limit")).toList(), allowed, host);
    }

    /** {@link #check(List, UnsafeSettings, HostCapacity)} of limits that need not be the user's (an image may have chosen them). */
    static List<String> checkAll(List<Checked> sandboxes, UnsafeSettings allowed, HostCapacity host) {
        List<Risk> risks = new ArrayList<>();
        for (Checked checked : sandboxes) {
            ContainerLimits limits = checked.limits();
            if (limits.uid() == 0) {
                risks.add(new Risk("docker.user: " + limits.user(), "runs the code as root, able to kill the sandbox's agent",
                        "docker.allow_root_user", allowed.rootUser()));
            }
            if (!limits.networkDisabled()) {
                risks.add(new Risk("docker.network_disabled: false", "lets the code reach the network",
                        "docker.allow_network", allowed.network()));
            }
            if (!limits.readOnlyRoot()) {
                risks.add(new Risk("docker.read_only: false",
                        "lets the code write outside the wiped directories, where the next run finds it",
                        "docker.allow_writable_root", allowed.writableRoot()));
            }
            if (host.memoryBytes() > 0 && limits.memoryBytes() > host.memoryBytes()) {
                risks.add(new Risk("memory limit " + ByteSize.format(limits.memoryBytes()) + " (" + checked.memoryOrigin() + ")",
                        "is above the Docker host's " + ByteSize.format(host.memoryBytes()) + ", so nothing bounds the code's memory"
                                + (checked.memoryOrigin().startsWith("label ") ? "; set docker.memory_limit to what this host can give" : ""),
                        "docker.allow_limits_beyond_host", allowed.limitsBeyondHost()));
            }
            if (host.cpus() > 0 && limits.cpus() > host.cpus()) {
                risks.add(new Risk("docker.cpu_limit: " + limits.cpus(), "is above the Docker host's " + host.cpus() + " CPUs",
                        "docker.allow_limits_beyond_host", allowed.limitsBeyondHost()));
            }
        }
        List<String> warnings = new ArrayList<>();
        for (Risk r : risks.stream().distinct().toList()) {
            if (!r.allowed()) {
                throw new SettingsException("refusing " + r.setting() + ": it " + r.risk() + ". Set " + r.flag()
                        + ": true (or docker.allow_unsafe_settings: true) to allow it anyway");
            }
            warnings.add("UNSAFE setting allowed by " + r.flag() + ": " + r.setting() + " " + r.risk());
        }
        return warnings;
    }
}
