package io.leansandbox.engine.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One Docker daemon of a fleet (setting {@code docker.hosts}): where it is, the client certificates
 * for a {@code tcp://} daemon with mutual TLS, and how many sandboxes it may hold.
 *
 * <p>Written as {@code ADDRESS [certs=DIR] [capacity=N]}: {@code unix:///var/run/docker.sock},
 * {@code tcp://10.0.0.2:2376 certs=/etc/lean-sandbox/hostA capacity=32}. {@code DIR} holds
 * {@code ca.pem}, {@code cert.pem} and {@code key.pem}, as Docker's own {@code DOCKER_CERT_PATH}
 * does; a host without one is reached as the docker CLI would (with {@code DOCKER_TLS_VERIFY=1} and
 * {@code DOCKER_CERT_PATH} in the environment: mutual TLS with those).
 *
 * @param address  the daemon, as {@code DOCKER_HOST} names it
 * @param certPath the directory of its TLS certificates, or null (a unix socket, or plain TCP)
 * @param capacity sandboxes it may hold at once; 0: its CPUs, as Docker reports them
 */
public record DockerHost(String address, Path certPath, int capacity) {

    public DockerHost {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("a Docker host needs an address (unix:///... or tcp://HOST:PORT)");
        }
        if (!address.startsWith("unix://") && !address.startsWith("tcp://") && !address.startsWith("npipe://")) {
            throw new IllegalArgumentException("a Docker host's address is unix://PATH, tcp://HOST:PORT or npipe://PATH, got '"
                    + address + "'");
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity of " + address + " must be 0 (its CPUs) or more, got " + capacity);
        }
    }

    /** The daemon {@code address} (null: DOCKER_HOST or the default socket), without TLS, with its CPUs as capacity. */
    public static DockerHost of(String address) {
        return address == null ? new DockerHost("unix:///var/run/docker.sock", null, 0) : new DockerHost(address, null, 0);
    }

    /** One entry of {@code docker.hosts}. */
    public static DockerHost parse(String entry) {
        List<String> words = Arrays.stream(entry.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            throw new IllegalArgumentException("an empty entry in docker.hosts");
        }
        String address = words.get(0);
        Path certs = null;
        int capacity = 0;
        for (String word : words.subList(1, words.size())) {
            if (word.startsWith("certs=")) {
                certs = Path.of(word.substring("certs=".length()));
            } else if (word.startsWith("capacity=")) {
                try {
                    capacity = Integer.parseInt(word.substring("capacity=".length()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("capacity of " + address + " must be a whole number, got '" + word + "'");
                }
            } else {
                throw new IllegalArgumentException("unknown word '" + word + "' in docker.hosts entry '" + entry.strip()
                        + "' (expected ADDRESS [certs=DIR] [capacity=N])");
            }
        }
        return new DockerHost(address, certs, capacity);
    }
}
