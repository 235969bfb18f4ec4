package io.leansandbox.engine.sandbox;

/**
 * What the pool knows when it decides whether to make sandboxes for the callers queued for one, and
 * that decision ({@link #creationsToStart}); see {@link SandboxPool} for the policy in words.
 *
 * @param waiting             callers queued, in arrival order
 * @param resetting           sandboxes being reset: each serves the queue within about {@code resetNanos}
 * @param creating            sandboxes being made for the queue (warm-up and growth)
 * @param inUse               sandboxes handed out
 * @param returningSoon       of those, the ones handed out less than {@code patienceNanos} ago: a short run may
 *                            bring them back soon; one held longer (a long run, a session, a warm REPL) gives no
 *                            sign of when it comes back
 * @param alive               sandboxes that exist, whatever they are doing
 * @param maxSandboxes        max_sandboxes
 * @param maxCreations        max_concurrent_creations
 * @param overdue             queued callers beyond those a sandbox on its way will serve ({@code resetting + creating})
 *                            that have waited {@code patienceNanos} or longer
 * @param nextOverdueInNanos  when the next of those callers becomes overdue, or -1 if none is waiting
 * @param patienceNanos       how long a caller waits for returns before the pool makes one for it: a creation's time
 * @param createNanos         moving average of a creation (-1 before the first)
 * @param resetNanos          moving average of a reset (-1 before the first)
 * @param holdNanos           moving average of how long a caller keeps a sandbox (-1 before the first return)
 * @param returnsExpected     whether sandboxes handed out come back (false without pooling, or where most are discarded)
 */
record PoolLoad(int waiting, int resetting, int creating, int inUse, int returningSoon, int alive, int maxSandboxes, int maxCreations,
                int overdue, long nextOverdueInNanos, long patienceNanos, long createNanos, long resetNanos, long holdNanos,
                boolean returnsExpected) {

    /** Queued callers that no sandbox on its way (being reset or made) is going to serve. */
    int unserved() {
        return waiting - resetting - creating;
    }

    /** Creations the pool may start now: max_sandboxes alive and max_concurrent_creations at once, at most. */
    int room() {
        return Math.max(0, Math.min(maxSandboxes - alive, maxCreations - creating));
    }

    /** Whether an in-use sandbox, by the measured averages, comes back (hold, then reset) later than a new one is made. */
    boolean returnsSlowerThanACreation() {
        return holdNanos >= 0 && resetNanos >= 0 && createNanos >= 0 && holdNanos + resetNanos >= createNanos;
    }

    /**
     * How many sandboxes to start making for the queue now. None while every queued caller has a
     * sandbox on its way; otherwise one per unserved caller if waiting cannot help (nothing in use is
     * likely back soon, or returns are slower than creations), else one per overdue caller.
     */
    int creationsToStart() {
        int unserved = unserved();
        int room = room();
        if (unserved <= 0 || room == 0) {
            return 0;
        }
        if (!returnsExpected || returningSoon == 0 || returnsSlowerThanACreation()) {
            return Math.min(unserved, room);
        }
        return Math.min(Math.min(overdue, unserved), room);
    }

    /** When to decide again if nothing else happens meanwhile (a caller becomes overdue), or -1. */
    long recheckInNanos() {
        return unserved() > 0 && room() > 0 ? nextOverdueInNanos : -1;
    }
}
