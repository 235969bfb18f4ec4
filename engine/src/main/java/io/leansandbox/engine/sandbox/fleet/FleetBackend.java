package io.leansandbox.engine.sandbox.fleet;

import io.leansandbox.engine.DaemonThreads;
import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.ContainerLimits;
import io.leansandbox.engine.config.DockerHost;
import io.leansandbox.engine.sandbox.HostBackend;
import io.leansandbox.engine.sandbox.HostStatus;
import io.leansandbox.engine.sandbox.Sandbox;
import io.leansandbox.engine.sandbox.SandboxBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Sandboxes spread over several Docker daemons (setting {@code docker.hosts}), each with a backend of
 * its own (its image check, its reaper, its containers). A new sandbox goes to the host with the
 * lowest load, its sandboxes (made and being made) over its capacity; a sandbox stays on its host
 * for its whole life, so a warm REPL or a session is never moved.
 *
 * <p>A host whose backend fails to make a sandbox is out: the caller's sandbox is made on another
 * host at once, and the host is tried again after a backoff (1 s, doubling to {@link #MAX_BACKOFF}).
 * When its daemon does not answer, its backend is closed and a new one connects in the background
 * when the backoff ends; runs in flight there end as infrastructure errors through their own agent
 * streams, and every other host keeps serving. The engine starts when at least one host does.
 */
public final class FleetBackend implements SandboxBackend {

    private static final Logger log = LoggerFactory.getLogger(FleetBackend.class);

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final List<Host> hosts;
    private final Function<DockerHost, HostBackend> connect;
    private final LongSupplier clock;
    /** Waits out backoffs and reconnects hosts, one at a time. */
    private final ScheduledExecutorService reconnects =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lean-sandbox-fleet-retry"));
    /** Connects the hosts at start, and closes the backends of hosts that went out. */
    private final ExecutorService background = Executors.newCachedThreadPool(DaemonThreads.named("lean-sandbox-fleet"));
    private volatile boolean closed;

    /**
     * Connects to every host at once; those that fail are out and retried. Fails, naming each host's
     * reason, only when none connects.
     *
     * @param connect makes one host's backend (a {@code DockerBackend}); it throws when the host cannot serve
     * @param clock   now, in milliseconds
     */
    public FleetBackend(List<DockerHost> specs, Function<DockerHost, HostBackend> connect, LongSupplier clock) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("a fleet needs at least one Docker host (docker.hosts)");
        }
        this.connect = connect;
        this.clock = clock;
        this.hosts = specs.stream().map(Host::new).toList();
        List<CompletableFuture<Void>> connecting = hosts.stream()
                .map(h -> CompletableFuture.runAsync(h::connectNow, background))
                .toList();
        connecting.forEach(CompletableFuture::join);
        if (hosts.stream().noneMatch(Host::isUp)) {
            String why = hosts.stream().map(h -> h.spec.address() + ": " + h.trouble).collect(Collectors.joining("; "));
            reconnects.shutdownNow();
            background.shutdownNow();
            throw new SandboxUnavailableException("no Docker host of docker.hosts can serve: " + why);
        }
        hosts.stream().filter(h -> !h.isUp()).forEach(h -> {
            log.warn("Docker host {} is out, tried again in {} s: {}", h.spec.address(), h.backoff.toSeconds(), h.trouble);
            h.scheduleReconnect();
        });
    }

    /** The first host that is up: the one whose settings (limits applied from its image's labels) the engine reports. */
    public HostBackend first() {
        return hosts.stream().filter(Host::isUp).map(h -> h.backend).findFirst()
                .orElseThrow(() -> new SandboxUnavailableException("no Docker host is up"));
    }

    @Override
    public Sandbox create(ContainerLimits limits) {
        List<String> failures = new ArrayList<>();
        List<Host> tried = new ArrayList<>();
        while (true) {
            Picked picked = pick(tried);
            if (picked == null) {
                String down = hosts.stream().filter(h -> !tried.contains(h) && !h.isUp())
                        .map(h -> h.spec.address() + ": out (" + h.trouble + ")").collect(Collectors.joining("; "));
                throw new SandboxUnavailableException("no Docker host could make a sandbox: "
                        + String.join("; ", failures) + (down.isEmpty() ? "" : (failures.isEmpty() ? "" : "; ") + down));
            }
            Host host = picked.host();
            HostBackend backend = picked.backend();
            tried.add(host);
            try {
                Sandbox sandbox = backend.create(limits);
                host.succeeded();
                return sandbox;
            } catch (SandboxUnavailableException e) {
                failures.add(host.spec.address() + ": " + e.getMessage());
                host.failed(backend, e.getMessage());
            } finally {
                host.creationEnded();
            }
        }
    }

    /** A host picked for a creation, with the backend it had then (another caller may take the host out meanwhile). */
    private record Picked(Host host, HostBackend backend) {
    }

    /** The up host with the lowest load that this call has not tried; it counts one creation more. Null: none left. */
    private synchronized Picked pick(List<Host> tried) {
        Host best = hosts.stream().filter(h -> h.isUp() && !tried.contains(h))
                .min(Comparator.comparingDouble(Host::load)).orElse(null);
        if (best == null) {
            return null;
        }
        best.creating++;
        return new Picked(best, best.backend);
    }

    @Override
    public Optional<String> trouble() {
        if (hosts.stream().anyMatch(Host::isUp)) {
            return Optional.empty();
        }
        return Optional.of("every Docker host is out: " + hosts.stream().map(h -> h.spec.address() + ": " + h.trouble)
                .collect(Collectors.joining("; ")));
    }

    @Override
    public List<HostStatus> hosts() {
        long now = clock.getAsLong();
        return hosts.stream().map(h -> h.status(now)).toList();
    }

    @Override
    public String describe() {
        return "a fleet of " + hosts.size() + " Docker hosts: " + hosts.stream().map(h -> {
            HostBackend b = h.backend;
            return b != null && h.isUp() ? b.describe() : h.spec.address() + " (out: " + h.trouble + ")";
        }).collect(Collectors.joining("; "));
    }

    @Override
    public void close() {
        List<java.util.Map.Entry<Host, HostBackend>> open;
        synchronized (this) {
            // Under the lock that connects hosts: no backend can come up after this without being closed here.
            closed = true;
            open = hosts.stream().filter(h -> h.backend != null).map(h -> java.util.Map.entry(h, h.backend)).toList();
        }
        reconnects.shutdownNow();
        open.parallelStream().forEach(e -> e.getKey().closeBackend(e.getValue()));
        background.shutdown();
        try {
            // A host that went out is still being closed: its containers go before the engine reports closed.
            if (!background.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("closing the backends of Docker hosts that went out took over 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One daemon of the fleet: its backend while it is up, and when to try it again while it is out. */
    private final class Host {
        final DockerHost spec;
        volatile HostBackend backend;
        volatile long retryAt;
        volatile String trouble;
        Duration backoff = FIRST_BACKOFF;
        /** Creations picked for this host and not yet ended: counted in its load, so that a burst spreads. */
        int creating;

        Host(DockerHost spec) {
            this.spec = spec;
        }

        boolean isUp() {
            return backend != null && trouble == null;
        }

        /** Sandboxes there and on their way, over its capacity. */
        double load() {
            return (backend.liveSandboxes() + creating) / (double) capacity();
        }

        int capacity() {
            HostBackend b = backend;
            return spec.capacity() > 0 ? spec.capacity() : Math.max(1, b == null ? 1 : b.cpus());
        }

        void connectNow() {
            try {
                HostBackend made = connect.apply(spec);
                synchronized (FleetBackend.this) {
                    if (closed) {
                        closeBackend(made);
                        return;
                    }
                    backend = made;
                    trouble = null;
                    backoff = FIRST_BACKOFF;
                }
                log.info("Docker host {} is up: {}", spec.address(), made.describe());
            } catch (RuntimeException e) {
                synchronized (FleetBackend.this) {
                    trouble = e.getMessage();
                    retryAt = clock.getAsLong() + backoff.toMillis();
                }
            }
        }

        void creationEnded() {
            synchronized (FleetBackend.this) {
                creating--;
            }
        }

        void succeeded() {
            synchronized (FleetBackend.this) {
                backoff = FIRST_BACKOFF;
            }
        }

        /**
         * A creation on {@code failed} (the backend it was tried on) failed: the host is out for its
         * backoff. A daemon that does not answer loses its backend, and a new one connects later; one
         * that answers keeps it (its other sandboxes still serve) and is only skipped meanwhile.
         */
        void failed(HostBackend failed, String why) {
            boolean daemonGone = failed.trouble().isPresent();
            synchronized (FleetBackend.this) {
                if (backend != failed || trouble != null || closed) {
                    return; // another caller already took it out (and scheduled its retry), or the fleet is closing
                }
                trouble = why;
                retryAt = clock.getAsLong() + backoff.toMillis();
                if (daemonGone) {
                    backend = null;
                }
            }
            log.warn("Docker host {} is out for {} s: {}", spec.address(), backoff.toSeconds(), why);
            if (daemonGone && !closed) {
                // Its containers are gone with the daemon or removed by its reaper; close what is left of the link.
                try {
                    background.execute(() -> closeBackend(failed));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    closeBackend(failed); // the fleet closed meanwhile
                }
            }
            scheduleReconnect();
        }

        /** After the backoff: a new backend if the old one was dropped, else the old one back in service. */
        void scheduleReconnect() {
            Duration wait;
            synchronized (FleetBackend.this) {
                if (closed) {
                    return;
                }
                wait = backoff;
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
            reconnects.schedule(() -> {
                if (closed) {
                    return;
                }
                HostBackend current = backend;
                if (current == null) {
                    connectNow();
                    if (!isUp() && !closed) {
                        log.warn("Docker host {} is still out, tried again in {} s: {}", spec.address(), backoff.toSeconds(), trouble);
                        scheduleReconnect();
                    }
                } else if (current.trouble().isEmpty()) {
                    synchronized (FleetBackend.this) {
                        trouble = null;
                    }
                    log.info("Docker host {} is back", spec.address());
                } else {
                    synchronized (FleetBackend.this) {
                        if (backend == current) {
                            backend = null;
                        }
                    }
                    closeBackend(current);
                    connectNow();
                    if (!isUp() && !closed) {
                        scheduleReconnect();
                    }
                }
            }, wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        void closeBackend(HostBackend b) {
            if (b == null) {
                return;
            }
            try {
                b.close();
            } catch (RuntimeException e) {
                log.warn("closing the backend of Docker host {}: {}", spec.address(), e.getMessage());
            }
        }

        HostStatus status(long now) {
            HostBackend b = backend;
            return new HostStatus(spec.address(), isUp(), b == null ? 0 : b.liveSandboxes(), capacity(), trouble,
                    isUp() ? 0 : Math.max(0, retryAt - now));
        }
    }
}
