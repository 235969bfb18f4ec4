package io.leansandbox.engine.sandbox;

import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.ContainerLimits;

/** Makes sandboxes of one kind. */
public interface SandboxBackend extends AutoCloseable {

    /** A new sandbox with these limits and its agent answering; blocks while it is made. */
    Sandbox create(ContainerLimits limits) throws SandboxUnavailableException;

    /**
     * What keeps this backend from making or serving sandboxes right now (a daemon that does not
     * answer), asked quickly; empty when nothing is known to be wrong.
     */
    default java.util.Optional<String> trouble() {
        return java.util.Optional.empty();
    }

    /** The machines sandboxes run on, for status reports: one per Docker daemon; none for the local backend. */
    default java.util.List<HostStatus> hosts() {
        return java.util.List.of();
    }

    /** Says what and where this backend is, for logs and status reports. */
    String describe();

    /** Removes every sandbox this backend ever made that still exists. */
    @Override
    void close();
}
