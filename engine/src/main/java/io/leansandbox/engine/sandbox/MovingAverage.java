package io.leansandbox.engine.sandbox;

/**
 * An exponentially weighted moving average of durations in nanoseconds, empty until its first sample.
 * Thread-safe. The pool keeps one for creations, one for resets and one for how long callers hold a sandbox.
 */
final class MovingAverage {

    /** The last five or so samples dominate: the average follows a burst's load within a few calls. */
    private static final double WEIGHT = 0.2;

    private double nanos = -1;

    synchronized void add(long sampleNanos) {
        nanos = nanos < 0 ? sampleNanos : nanos + WEIGHT * (sampleNanos - nanos);
    }

    /** The average, or -1 before the first sample. */
    synchronized long nanos() {
        return (long) nanos;
    }
}
