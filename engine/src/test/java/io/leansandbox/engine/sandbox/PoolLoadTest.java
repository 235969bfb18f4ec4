package io.leansandbox.engine.sandbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The growth policy on its own: given what the pool knows, how many sandboxes it starts making for its queue. */
class PoolLoadTest {

    private static final long MS = 1_000_000L;

    /** A pool of 4, all in use by short runs, creation 250 ms, reset 20 ms, hold 25 ms, max 64, 5 creations at once. */
    private static PoolLoad load(int waiting, int resetting, int creating, int overdue) {
        return new PoolLoad(waiting, resetting, creating, 4, 4, 4 + creating, 64, 5, overdue, waiting > resetting + creating ? 100 * MS : -1,
                250 * MS, 250 * MS, 20 * MS, 25 * MS, true);
    }

    @Test
    void callersThatASandboxBeingResetWillServeWaitForIt() {
        assertThat(load(3, 4, 0, 0).creationsToStart()).isZero();
        assertThat(load(4, 4, 0, 3).creationsToStart()).as("even if they waited long: each has one on its way").isZero();
        assertThat(load(6, 2, 4, 2).creationsToStart()).as("creations under way count as on their way").isZero();
    }

    @Test
    void aBurstBeyondTheResetsWaitsForReturnsUntilItsCallersHaveWaitedACreationsTime() {
        PoolLoad fresh = load(20, 0, 0, 0);
        assertThat(fresh.creationsToStart()).as("short runs in use come back sooner than a creation").isZero();
        assertThat(fresh.recheckInNanos()).as("looks again when the first unserved caller becomes overdue").isEqualTo(100 * MS);
        assertThat(load(20, 4, 0, 3).creationsToStart()).as("one per overdue caller").isEqualTo(3);
        assertThat(load(20, 4, 0, 16).creationsToStart()).as("at most max_concurrent_creations at once").isEqualTo(5);
    }

    @Test
    void theQueueIsServedByCreationsWhenNothingInUseComesBackSoon() {
        PoolLoad longHolds = new PoolLoad(3, 0, 0, 4, 0, 4, 64, 5, 0, 100 * MS, 250 * MS, 250 * MS, 20 * MS, 25 * MS, true);
        assertThat(longHolds.creationsToStart()).as("all held longer than a creation (sessions, long runs)").isEqualTo(3);
        PoolLoad slowReturns = new PoolLoad(3, 0, 0, 4, 4, 4, 64, 5, 0, 100 * MS, 250 * MS, 250 * MS, 20 * MS, 400 * MS, true);
        assertThat(slowReturns.returnsSlowerThanACreation()).isTrue();
        assertThat(slowReturns.creationsToStart()).as("runs measured longer than a creation").isEqualTo(3);
        PoolLoad discarded = new PoolLoad(2, 0, 0, 2, 2, 2, 64, 5, 0, 100 * MS, 250 * MS, 250 * MS, -1, 25 * MS, false);
        assertThat(discarded.creationsToStart()).as("a pool whose sandboxes are discarded after use").isEqualTo(2);
    }

    @Test
    void thePoolNeverGrowsPastMaxSandboxes() {
        PoolLoad full = new PoolLoad(10, 0, 0, 8, 0, 8, 8, 5, 10, -1, 250 * MS, 250 * MS, 20 * MS, 25 * MS, true);
        assertThat(full.creationsToStart()).isZero();
        assertThat(full.recheckInNanos()).as("a retirement, not the clock, opens a slot").isEqualTo(-1);
        PoolLoad almost = new PoolLoad(10, 0, 0, 7, 0, 7, 8, 5, 10, -1, 250 * MS, 250 * MS, 20 * MS, 25 * MS, true);
        assertThat(almost.creationsToStart()).isEqualTo(1);
    }

    @Test
    void unmeasuredHoldsOrResetsNeverCountAsSlowReturns() {
        PoolLoad firstBurst = new PoolLoad(20, 0, 0, 4, 4, 4, 64, 5, 0, 100 * MS, 250 * MS, 250 * MS, -1, -1, true);
        assertThat(firstBurst.returnsSlowerThanACreation()).isFalse();
        assertThat(firstBurst.creationsToStart()).isZero();
    }
}
