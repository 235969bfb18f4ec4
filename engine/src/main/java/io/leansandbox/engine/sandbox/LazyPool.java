package io.leansandbox.engine.sandbox;

import io.leansandbox.engine.SandboxUnavailableException;

import java.util.function.Supplier;

/** A sandbox pool made on first use (most engines never need it), and closed only if it was made. */
public final class LazyPool implements AutoCloseable {

    private final Supplier<SandboxPool> make;
    private SandboxPool pool;
    private boolean closed;

    public LazyPool(Supplier<SandboxPool> make) {
        this.make = make;
    }

    public synchronized SandboxPool get() {
        if (closed) {
            throw new SandboxUnavailableException("the engine is closed");
        }
        if (pool == null) {
            pool = make.get();
        }
        return pool;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pool != null) {
            pool.close();
        }
    }
}
