package io.leansandbox.engine.testing;

import io.leansandbox.engine.LeanSandbox;

/**
 * Starts an engine with a warm pool, prints its id, and waits to be killed (for the SIGKILL leak
 * test); with a second argument {@code no-reaper}, without its reaper (the case the next start's
 * orphan removal is for).
 */
public final class EngineHolder {

    public static void main(String[] args) throws Exception {
        boolean reaper = !(args.length > 1 && args[1].equals("no-reaper"));
        LeanSandbox engine = LeanSandbox.start(TestEngines.docker(Integer.parseInt(args[0])).toBuilder().reaper(reaper).build());
        while (engine.poolStats().idle() < Integer.parseInt(args[0])) {
            Thread.sleep(50);
        }
        System.out.println("READY " + engine.id());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
