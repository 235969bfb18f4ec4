package io.leansandbox.engine;

import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.sandbox.Sandbox;
import io.leansandbox.engine.sandbox.SandboxBackend;
import io.leansandbox.engine.testing.LeanInputs;
import io.leansandbox.engine.testing.TestEngines;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PoolIT {

    /** Watches the real backend from outside the pool: how many creations run at once. */
    private static final class CreationCounter implements SandboxBackend {
        private final SandboxBackend real;
        private final AtomicInteger now = new AtomicInteger();
        private final AtomicInteger peak = new AtomicInteger();
        private final AtomicInteger total = new AtomicInteger();

        CreationCounter(SandboxBackend real) {
            this.real = real;
        }

        @Override
        public Sandbox create(io.leansandbox.engine.config.ContainerLimits limits) {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
            total.incrementAndGet();
            try {
                return real.create(limits);
            } finally {
                now.decrementAndGet();
            }
        }

        @Override
        public String describe() {
            return real.describe();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    @Test
    void thirtyTwoConcurrentRunsOnAPoolOfFourAllFinishWithAtMostTwoCreationsAtOnce() throws Exception {
        var settings = TestEngines.docker(4).toBuilder()
                .pool(new PoolSettings(true, 4, Duration.ofSeconds(300), 2, 8, Duration.ofSeconds(120))).build();
        CreationCounter[] counter = new CreationCounter[1];
        ExecutorService callers = Executors.newFixedThreadPool(32);
        try (LeanSandbox engine = LeanSandbox.start(settings, real -> counter[0] = new CreationCounter(real))) {
            String code = LeanInputs.accepted();
            List<Future<RunResult>> runs = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                runs.add(callers.submit(() -> engine.run(code)));
            }
            for (Future<RunResult> run : runs) {
                RunResult result = run.get();
                assertThat(result.status()).as(result.stderr()).isEqualTo(Status.SUCCESS);
            }
            assertThat(counter[0].peak.get()).isBetween(1, 2);
            assertThat(counter[0].total.get()).isLessThanOrEqualTo(8);
            assertThat(engine.poolStats().alive()).isLessThanOrEqualTo(8);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aCallerQueuesThenGetsAClearBusyError() {
        var settings = TestEngines.docker(1).toBuilder()
                .pool(new PoolSettings(true, 1, Duration.ofSeconds(300), 1, 1, Duration.ofMillis(500))).build();
        try (LeanSandbox engine = LeanSandbox.start(settings);
             ReplConversation holdsTheOnlySandbox = engine.openRepl()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.run(LeanInputs.accepted()))
                    .isInstanceOf(SandboxBusyException.class).hasMessageContaining("busy").hasMessageContaining("500 ms");
        }
    }

    @Test
    void sandboxesPastTheirMaxAgeAreRetiredAndReplaced() throws Exception {
        var settings = TestEngines.docker(1).toBuilder()
                .pool(new PoolSettings(true, 1, Duration.ofSeconds(1), 1, 2, Duration.ofSeconds(60))).build();
        try (LeanSandbox engine = LeanSandbox.start(settings)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while ((engine.poolStats().retired() < 1 || engine.poolStats().created() < 2) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(engine.poolStats().retired()).isPositive();
            assertThat(engine.poolStats().created()).isGreaterThanOrEqualTo(2);
            assertThat(engine.run(LeanInputs.accepted()).status()).isEqualTo(Status.SUCCESS);
        }
    }
}
