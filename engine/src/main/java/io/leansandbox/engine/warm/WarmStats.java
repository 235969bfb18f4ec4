package io.leansandbox.engine.warm;

/**
 * Counters of the warm path.
 *
 * @param headerImports headers elaborated (each a warm REPL started)
 * @param checks        checks served by a warm REPL
 * @param recycled      warm REPLs ended (effects possible, failure, max uses, memory, eviction)
 * @param recycledForMemory  of those, REPLs that had grown past {@code warm_recycle_memory}
 * @param idle          warm REPLs waiting now
 * @param alive         warm REPLs alive now
 */
public record WarmStats(long headerImports, long checks, long recycled, long recycledForMemory, int idle, int alive) {
}
