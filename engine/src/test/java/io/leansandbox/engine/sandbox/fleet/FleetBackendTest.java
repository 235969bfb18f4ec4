package io.leansandbox.engine.sandbox.fleet;

import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.ContainerLimits;
import io.leansandbox.engine.config.DockerHost;
import io.leansandbox.engine.sandbox.HostBackend;
import io.leansandbox.engine.sandbox.HostStatus;
import io.leansandbox.engine.sandbox.Sandbox;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fleet's choices, with hosts that only count: where a sandbox goes, what a failing host does to
 * the callers and to itself, and what status says. (FleetIT runs it on two real daemons.)
 */
class FleetBackendTest {

    /** A host backend that makes no real sandbox: it counts the ones asked of it, and fails when told to. */
    static final class CountingHost implements HostBackend {
        final String address;
        final int cpus;
        final AtomicInteger live = new AtomicInteger();
        volatile String failWith;
        volatile boolean daemonGone;
        volatile boolean closed;

        CountingHost(String address, int cpus) {
            this.address = address;
            this.cpus = cpus;
        }

        @Override
        public Sandbox create(ContainerLimits limits) {
            if (failWith != null) {
                throw new SandboxUnavailableException(failWith);
            }
            live.incrementAndGet();
            return null;
        }

        @Override
        public Optional<String> trouble() {
            return daemonGone ? Optional.of("the Docker daemon at " + address + " is not answering") : Optional.empty();
        }

        @Override
        public int liveSandboxes() {
            return live.get();
        }

        @Override
        public int cpus() {
            return cpus;
        }

        @Override
        public String describe() {
            return address;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Waits until {@code condition} holds, failing after {@code limit}. */
    private static void eventually(Duration limit, java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + limit.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private final Map<String, CountingHost> made = new ConcurrentHashMap<>();
    /** Hosts that refuse to connect, by address, with the reason. */
    private final Map<String, String> unreachable = new ConcurrentHashMap<>();

    private FleetBackend fleet(DockerHost... hosts) {
        return new FleetBackend(List.of(hosts), spec -> {
            String why = unreachable.get(spec.address());
            if (why != null) {
                throw new SandboxUnavailableException(why);
            }
            CountingHost host = new CountingHost(spec.address(), 2);
            made.put(spec.address(), host);
            return host;
        }, System::currentTimeMillis);
    }

    private static DockerHost host(String name, int capacity) {
        return new DockerHost("tcp://" + name + ":2376", null, capacity);
    }

    @Test
    void sandboxesGoToTheHostWithTheLowestLoadForItsCapacity() {
        try (FleetBackend fleet = fleet(host("a", 1), host("b", 3))) {
            for (int i = 0; i < 8; i++) {
                fleet.create(ContainerLimits.DEFAULT);
            }
            // Capacity 1 against 3: a quarter of the sandboxes on a.
            assertThat(made.get("tcp://a:2376").live.get()).isEqualTo(2);
            assertThat(made.get("tcp://b:2376").live.get()).isEqualTo(6);
        }
    }

    @Test
    void withoutACapacityAHostsCpusAreItsCapacity() {
        try (FleetBackend fleet = fleet(host("a", 0), host("b", 6))) {
            for (int i = 0; i < 8; i++) {
                fleet.create(ContainerLimits.DEFAULT);
            }
            assertThat(fleet.hosts()).extracting(HostStatus::capacity).containsExactly(2, 6);
            assertThat(made.get("tcp://a:2376").live.get()).isEqualTo(2);
        }
    }

    @Test
    void aHostThatFailsIsTakenOutTheCallerIsServedElsewhereAndTheHostComesBackAfterItsBackoff() {
        try (FleetBackend fleet = fleet(host("a", 1), host("b", 1))) {
            CountingHost a = made.get("tcp://a:2376");
            a.failWith = "the Docker daemon at tcp://a:2376 answered: no space left on device";
            fleet.create(ContainerLimits.DEFAULT);
            fleet.create(ContainerLimits.DEFAULT);
            assertThat(made.get("tcp://b:2376").live.get()).as("both on b").isEqualTo(2);
            HostStatus out = fleet.hosts().get(0);
            assertThat(out.up()).isFalse();
            assertThat(out.trouble()).contains("no space left on device");
            assertThat(out.retryInMs()).isBetween(1L, FleetBackend.FIRST_BACKOFF.toMillis());
            assertThat(a.closed).as("its daemon answers: its other sandboxes keep serving").isFalse();

            a.failWith = null;
            eventually(Duration.ofSeconds(5), () -> fleet.hosts().get(0).up());
            fleet.create(ContainerLimits.DEFAULT);
            assertThat(a.live.get()).isEqualTo(1);
        }
    }

    @Test
    void aHostWhoseDaemonIsGoneLosesItsBackendAndReconnectsWithANewOne() {
        try (FleetBackend fleet = fleet(host("a", 1), host("b", 1))) {
            CountingHost first = made.get("tcp://a:2376");
            first.failWith = "cannot create a container: the Docker daemon at tcp://a:2376 is not answering";
            first.daemonGone = true;
            unreachable.put("tcp://a:2376", "the Docker daemon at tcp://a:2376 is not answering");
            fleet.create(ContainerLimits.DEFAULT);
            eventually(Duration.ofSeconds(5), () -> first.closed);
            assertThat(fleet.trouble()).as("b still serves").isEmpty();

            unreachable.remove("tcp://a:2376");
            // The first retry after 1 s found it still unreachable, or the retry finds it back: either way it comes back.
            eventually(Duration.ofSeconds(10), () -> fleet.hosts().get(0).up());
            assertThat(made.get("tcp://a:2376")).isNotSameAs(first);
        }
    }

    @Test
    void theFleetStartsWithTheHostsThatAnswerAndRefusesToStartWithNone() {
        unreachable.put("tcp://a:2376", "connection refused");
        try (FleetBackend fleet = fleet(host("a", 1), host("b", 1))) {
            assertThat(fleet.hosts()).extracting(HostStatus::up).containsExactly(false, true);
            fleet.create(ContainerLimits.DEFAULT);
            assertThat(made.get("tcp://b:2376").live.get()).isEqualTo(1);
        }
        unreachable.put("tcp://b:2376", "no such host");
        assertThatThrownBy(() -> fleet(host("a", 1), host("b", 1)))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("tcp://a:2376: connection refused")
                .hasMessageContaining("tcp://b:2376: no such host");
    }

    @Test
    void whenEveryHostFailsTheCallerIsToldWhyForEach() {
        try (FleetBackend fleet = fleet(host("a", 1), host("b", 1))) {
            made.values().forEach(h -> h.failWith = "disk full on " + h.address);
            assertThatThrownBy(() -> fleet.create(ContainerLimits.DEFAULT))
                    .isInstanceOf(SandboxUnavailableException.class)
                    .hasMessageContaining("tcp://a:2376: disk full on tcp://a:2376")
                    .hasMessageContaining("tcp://b:2376: disk full on tcp://b:2376");
            assertThat(fleet.trouble()).get().asString().contains("every Docker host is out");
        }
    }

    @Test
    void closingTheFleetClosesEveryHost() {
        FleetBackend fleet = fleet(host("a", 1), host("b", 1));
        fleet.close();
        assertThat(made.values()).allSatisfy(h -> assertThat(h.closed).isTrue());
    }
}
