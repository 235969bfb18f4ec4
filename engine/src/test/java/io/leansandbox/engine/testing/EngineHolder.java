package io.leansandbox.engine.testing;

import io.leansandbox.engine.LeanSandbox;

/** Starts an engine with a warm pool, prints its id, and waits to be killed (for the SIGKILL leak test). */
public final class EngineHolder {

    public static void main(String[] args) throws Exception {
        LeanSandbox engine = LeanSandbox.start(TestEngines.docker(Integer.parseInt(args[0])));
        while (engine.poolStats().idle() < Integer.parseInt(args[0])) {
            Thread.sleep(50);
        }
        System.out.println("READY " + engine.id());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
