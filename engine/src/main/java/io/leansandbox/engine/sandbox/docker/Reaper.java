package io.leansandbox.engine.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.sandbox.Labels;
import io.leansandbox.engine.sandbox.SandboxFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A container that removes this engine's containers when this JVM dies, in the style of
 * Testcontainers' Ryuk: a SIGKILL runs no shutdown hook, and without it the sandboxes would run
 * until a later engine's start found them (removeOrphans).
 *
 * <p>The reaper (reaper.py beside this class) runs in the sandbox image with the Docker socket
 * mounted and blocks reading its stdin. We hold that stdin through an attach connection made before
 * the container starts, with StdinOnce: when this JVM dies, the kernel closes the connection,
 * dockerd closes the reaper's stdin, and the reaper removes every container labelled with this
 * engine's id. A normal {@link #close()} ends it too, once the engine has removed its containers.
 */
final class Reaper implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(Reaper.class);

    /** Marks the reaper among the engine's containers (which otherwise carry the same owner labels). */
    static final String ROLE = Labels.ROLE;
    static final String REAPER = "reaper";
    /** Where the reaper finds the daemon, whatever the socket is called on the daemon's host. */
    private static final String SOCKET_INSIDE = "/var/run/docker.sock";
    private static final Duration READY_WAIT = Duration.ofSeconds(20);
    private static final Duration END_WAIT = Duration.ofSeconds(2);
    private static final int STDERR_KEPT = 2000;

    private final DockerClient control;
    private final String id;
    private final OutputStream stdin;
    private final Output output;

    private Reaper(DockerClient control, String id, OutputStream stdin, Output output) {
        this.control = control;
        this.id = id;
        this.stdin = stdin;
        this.output = output;
    }

    /**
     * Creates, attaches to and starts the reaper of {@code owner}'s engine, and waits until it has
     * proved it can reach the daemon and find itself; {@code streams} must be a client whose
     * responses may stay silent for the engine's whole life.
     */
    static Reaper start(DockerClient control, DockerClient streams, String image, String dockerHost, OwnerLabels owner) {
        long started = System.nanoTime();
        Map<String, String> labels = new HashMap<>(owner.asMap());
        labels.put(ROLE, REAPER);
        String id;
        String name = "lean-sandbox-reaper-" + owner.engineId();
        removeLeftover(control, name);
        try {
            id = control.createContainerCmd(image)
                    .withName(name)
                    .withLabels(labels)
                    .withEntrypoint("python3")
                    .withCmd("-I", "-c", source(), owner.engineId())
                    // Root only to open the socket (root's, mode 660): with every capability dropped
                    // and no-new-privileges, root has no other power here.
                    .withUser("0:0")
                    .withAttachStdin(true)
                    .withStdinOpen(true)
                    .withStdInOnce(true)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .withTty(false)
                    .withHostConfig(hostConfig(socketOnDaemonHost(dockerHost)))
                    .exec().getId();
        } catch (RuntimeException e) {
            throw unavailable("cannot create it from '" + image + "': " + DockerBackend.rootMessage(e), e);
        }
        SandboxFactory.Pipe pipe = SandboxFactory.pipe();
        Output output = new Output(id);
        Reaper reaper = new Reaper(control, id, pipe.writer(), output);
        try {
            streams.attachContainerCmd(id)
                    .withStdIn(pipe.reader())
                    .withStdOut(true)
                    .withStdErr(true)
                    .withFollowStream(true)
                    .exec(output);
            // Attached before it starts, as `docker run -i` does, so that StdinOnce counts our connection.
            output.awaitAttached(READY_WAIT);
            control.startContainerCmd(id).exec();
            output.awaitReady(READY_WAIT);
            log.debug("reaper {} watches engine {} (ready in {} ms)", DockerBackend.shortId(id), owner.engineId(),
                    (System.nanoTime() - started) / 1_000_000);
            return reaper;
        } catch (RuntimeException e) {
            reaper.close();
            String said = output.stderr();
            String why = e instanceof NotReady ? e.getMessage() : DockerBackend.rootMessage(e);
            throw unavailable(why + (said.isEmpty() ? "" : " (it said: " + said + ")"), e);
        }
    }

    /** A reaper of this engine that did not remove itself (a daemon restarted under it) would hold the name. */
    private static void removeLeftover(DockerClient control, String name) {
        try {
            control.removeContainerCmd(name).withForce(true).exec();
        } catch (NotFoundException e) {
            // the usual case: none
        } catch (RuntimeException e) {
            log.debug("removing a leftover reaper {}: {}", name, DockerBackend.rootMessage(e));
        }
    }

    /** Completes when the reaper's stream ends: it exited, or its daemon went away. */
    CompletableFuture<Void> ended() {
        return output.exited;
    }

    /**
     * The socket to mount, as a path on the daemon's host (a bind mount's source is the daemon's
     * path, not ours). For a unix host it is the path we connect to, on the same machine; for any
     * other (tcp, npipe) we cannot know it, and use the daemon's usual socket, /var/run/docker.sock,
     * as Testcontainers' Ryuk does. A path the daemon's host lacks fails the create, naming it.
     */
    static String socketOnDaemonHost(String dockerHost) {
        URI uri = URI.create(dockerHost);
        return "unix".equals(uri.getScheme()) && uri.getPath() != null && !uri.getPath().isEmpty()
                ? uri.getPath() : SOCKET_INSIDE;
    }

    /** Hardened like a sandbox except for the socket: it only makes a few HTTP calls to the daemon. */
    private static HostConfig hostConfig(String socket) {
        return HostConfig.newHostConfig()
                // Gone once it has reaped; close() removes it if it is still there.
                .withAutoRemove(true)
                // python3 as PID 1 would ignore SIGTERM, so a docker stop (and a daemon shutting down)
                // would wait out its 10 s grace; docker-init passes the signal on.
                .withInit(true)
                // A mount, not a bind: a socket path the daemon's host lacks fails the create
                // instead of turning into an empty directory.
                .withMounts(List.of(new Mount().withType(MountType.BIND).withSource(socket).withTarget(SOCKET_INSIDE)))
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withReadonlyRootfs(true)
                // A unix socket needs no network.
                .withNetworkMode("none")
                .withMemory(32L << 20)
                .withMemorySwap(32L << 20)
                .withPidsLimit(16L)
                .withNanoCPUs(500_000_000L);
    }

    /**
     * Ends the reaper, after the engine has removed its containers: a line asks it to reap at once
     * (it finds nothing left) and exit, and it removes itself; whatever is still there is removed.
     * Closing the attach would do too (with httpclient5 it closes the connection, which dockerd
     * reads as the end of stdin), but then the reaper takes the slower path it takes after a crash.
     */
    @Override
    public void close() {
        output.closing = true;
        try {
            if (!output.exited.isDone()) {
                // Not to a reaper already gone: the client's stdin pump would fail on the closed
                // connection, and print that from its own thread.
                stdin.write("reap\n".getBytes(StandardCharsets.US_ASCII));
            }
            // Closing our end also ends that pump thread, which would otherwise wait forever.
            stdin.close();
        } catch (IOException e) {
            log.debug("ending reaper {}: {}", DockerBackend.shortId(id), e.toString());
        }
        output.awaitExit(END_WAIT);
        try {
            output.close();
        } catch (IOException e) {
            log.debug("closing the reaper's stream: {}", e.toString());
        }
        long deadline = System.nanoTime() + END_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                control.inspectContainerCmd(id).exec();
            } catch (NotFoundException e) {
                return; // removed itself (auto-remove)
            } catch (RuntimeException e) {
                break;
            }
            if (!pause()) {
                break;
            }
        }
        remove();
    }

    private void remove() {
        try {
            control.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // gone already
        } catch (ConflictException e) {
            // dockerd is auto-removing it
            log.debug("reaper {}: {}", DockerBackend.shortId(id), DockerBackend.rootMessage(e));
        } catch (RuntimeException e) {
            log.warn("could not remove the reaper container {}: {}", DockerBackend.shortId(id), DockerBackend.rootMessage(e));
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(50);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static SandboxUnavailableException unavailable(String why, Throwable cause) {
        return new SandboxUnavailableException("cannot start the reaper container, which removes this engine's containers"
                + " if its JVM is killed: " + why + ". Set docker.reaper to false to run without it"
                + " (then a later engine's start removes what a killed one left).", cause);
    }

    static String source() {
        try (InputStream in = Reaper.class.getResourceAsStream("reaper.py")) {
            if (in == null) {
                throw new IllegalStateException("reaper.py is missing from the engine's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why the reaper did not get ready, in words that complete {@link #unavailable}'s sentence. */
    private static final class NotReady extends RuntimeException {
        NotReady(String message) {
            super(message);
        }
    }

    /** The reaper's side of the attach: its "ready" line on stdout, what it says on stderr, its end. */
    private static final class Output extends ResultCallback.Adapter<Frame> {

        private final String id;
        private final CountDownLatch attached = new CountDownLatch(1);
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final CompletableFuture<Void> exited = new CompletableFuture<>();
        private final StringBuilder stdout = new StringBuilder();
        private final StringBuilder stderr = new StringBuilder();
        volatile boolean closing;

        Output(String id) {
            this.id = id;
        }

        @Override
        public void onStart(Closeable stream) {
            super.onStart(stream);
            attached.countDown();
        }

        @Override
        public void onNext(Frame frame) {
            String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
            switch (frame.getStreamType()) {
                case STDOUT, RAW -> {
                    synchronized (stdout) {
                        stdout.append(text);
                        if (stdout.indexOf("ready\n") >= 0) {
                            ready.complete(null);
                        }
                    }
                }
                default -> {
                    log.debug("reaper {}: {}", DockerBackend.shortId(id), text.stripTrailing());
                    synchronized (stderr) {
                        if (stderr.length() < STDERR_KEPT) {
                            stderr.append(text, 0, Math.min(text.length(), STDERR_KEPT - stderr.length()));
                        }
                    }
                }
            }
        }

        // Neither calls super: the adapter logs every stream error as an error, and closing the
        // stream ourselves (close()) interrupts its thread, which reports that as an error too.
        @Override
        public void onError(Throwable t) {
            ended("its stream failed: " + DockerBackend.rootMessage(t));
        }

        @Override
        public void onComplete() {
            ended("it exited");
        }

        private void ended(String how) {
            attached.countDown();
            boolean wasReady = ready.isDone() && !ready.isCompletedExceptionally();
            ready.completeExceptionally(new IllegalStateException(how));
            exited.complete(null);
            if (wasReady && !closing) {
                // Our stream ended while the engine lives: the reaper may have removed our containers
                // (StandingReaper starts another).
                log.warn("the reaper container {} ended unexpectedly ({}): this engine's containers may be gone",
                        DockerBackend.shortId(id), how);
            }
        }

        void awaitAttached(Duration wait) {
            try {
                if (!attached.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new NotReady("attaching to it took over " + wait.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotReady("interrupted while attaching to it");
            }
            if (ready.isCompletedExceptionally()) {
                awaitReady(wait); // throws why the attach failed
            }
        }

        void awaitReady(Duration wait) {
            try {
                ready.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new NotReady(e.getCause().getMessage() + " before it was ready");
            } catch (TimeoutException e) {
                throw new NotReady("it was not ready within " + wait.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotReady("interrupted while waiting for it");
            }
        }

        void awaitExit(Duration wait) {
            try {
                exited.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // close() removes it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String stderr() {
            synchronized (stderr) {
                return stderr.toString().strip().replace('\n', ' ');
            }
        }
    }
}
