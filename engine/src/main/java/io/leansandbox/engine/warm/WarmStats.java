package io.leansandbox.engine.warm;

/**
 * Counters of the warm path.
 *
 * @param headerImports headers elaborated (each a warm REPL started)
 * @param checks        checks served by a warm REPL
 * @param recycled      warm REPLs ended (effects possible, failure, max uses, eviction)
 * @param idle          warm REPLs waiting now
 * @param alive         warm REPLs alive now
 */
public record WarmStats(long headerImports, long checks, long recycled, int idle, int alive) {
}
