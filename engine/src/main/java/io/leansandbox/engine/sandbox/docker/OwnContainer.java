package io.leansandbox.engine.sandbox.docker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container this JVM runs in, when it runs in one on the daemon it makes sandboxes on (the
 * server image, docker/Dockerfile.server, with the socket mounted). Its sandboxes are labelled with
 * it, so that a later engine in another container can tell a dead owner from a live one: the JVM's
 * pid and host name mean nothing outside its container, but the owner's container can be looked up.
 */
final class OwnContainer {

    private static final Logger log = LoggerFactory.getLogger(OwnContainer.class);
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    /** Docker bind-mounts a container's hostname, hosts and resolv.conf from its own directory. */
    private static final Pattern DOCKER_FILE = Pattern.compile("/containers/([0-9a-f]{64})/(?:hostname|hosts|resolv\\.conf) ");

    private OwnContainer() {
    }

    /**
     * The id of the container this JVM runs in, if the daemon confirms it: {@code hostNameOf} gives
     * the host name of a container of the daemon (empty when it has no such container).
     */
    static Optional<String> on(Function<String, Optional<String>> hostNameOf, String hostName) {
        try {
            return candidate(Files.readString(MOUNTINFO)).filter(id -> confirmed(id, hostNameOf, hostName));
        } catch (IOException | RuntimeException e) {
            log.debug("cannot tell whether this JVM runs in a container of the daemon: {}", e.toString());
            return Optional.empty();
        }
    }

    /** Whether the daemon has the container {@code id}, with our host name. */
    static boolean confirmed(String id, Function<String, Optional<String>> hostNameOf, String hostName) {
        return hostNameOf.apply(id).filter(hostName::equals).isPresent();
    }

    /** The container id that {@code mountinfo} (of /proc/self) names, if any. */
    static Optional<String> candidate(String mountinfo) {
        Matcher m = DOCKER_FILE.matcher(mountinfo);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
