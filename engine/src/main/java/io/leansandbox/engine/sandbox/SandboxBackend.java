package io.leansandbox.engine.sandbox;

import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.ContainerLimits;

/** Makes sandboxes of one kind. */
public interface SandboxBackend extends AutoCloseable {

    /** A new sandbox with these limits and its agent answering; blocks while it is made. */
    Sandbox create(ContainerLimits limits) throws SandboxUnavailableException;

    /** Says what and where this backend is, for logs and status reports. */
    String describe();

    /** Removes every sandbox this backend ever made that still exists. */
    @Override
    void close();
}
