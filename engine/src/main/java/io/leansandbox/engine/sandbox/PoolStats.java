package io.leansandbox.engine.sandbox;

/**
 * A snapshot of the pool.
 *
 * @param idle     sandboxes ready to serve
 * @param alive    sandboxes that exist: idle, in use, being reset or being created
 * @param created  sandboxes made since start
 * @param retired  sandboxes removed since start (age, failed reset or health check, no pooling)
 * @param resets   successful resets since start
 */
public record PoolStats(int idle, int alive, long created, long retired, long resets) {
}
