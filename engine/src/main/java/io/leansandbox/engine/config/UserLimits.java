package io.leansandbox.engine.config;

/**
 * Which of the limits an image may suggest (docker/CONTRACT.md, "Resource labels") the user chose,
 * through the YAML file, a {@code LEAN_DOCKER_MCP_*} variable, a front door's option or code. A limit
 * the user chose is kept whatever the image says; one left at its default gives way to the image's label.
 *
 * @param memory  {@code docker.memory_limit} was set
 * @param timeout {@code docker.timeout} was set
 */
public record UserLimits(boolean memory, boolean timeout) {

    /** Nothing set: every limit an image suggests applies. */
    public static final UserLimits NONE = new UserLimits(false, false);

    public UserLimits withMemory() {
        return new UserLimits(true, timeout);
    }

    public UserLimits withTimeout() {
        return new UserLimits(memory, true);
    }
}
