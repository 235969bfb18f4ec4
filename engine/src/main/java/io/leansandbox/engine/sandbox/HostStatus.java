package io.leansandbox.engine.sandbox;

/**
 * One host of the engine's backend, as {@code status} shows it.
 *
 * @param address   the daemon, as DOCKER_HOST names it
 * @param up        whether sandboxes are made there now
 * @param sandboxes the sandboxes there now
 * @param capacity  how many it may hold (its setting, else its CPUs)
 * @param trouble   why it is out, or null
 * @param retryInMs when it is tried again, in ms from now (0 when up)
 */
public record HostStatus(String address, boolean up, int sandboxes, int capacity, String trouble, long retryInMs) {
}
