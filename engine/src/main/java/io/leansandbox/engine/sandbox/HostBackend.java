package io.leansandbox.engine.sandbox;

/** A backend on one machine (a Docker daemon): what a fleet spreading sandboxes over several needs to know of it. */
public interface HostBackend extends SandboxBackend {

    /** The sandboxes of this backend that exist now (being made, in use or idle). */
    int liveSandboxes();

    /** The machine's CPUs, as it reported them when the backend started. */
    int cpus();
}
