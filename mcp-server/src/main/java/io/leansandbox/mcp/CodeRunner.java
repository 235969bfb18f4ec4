package io.leansandbox.mcp;

import io.leansandbox.engine.result.RunResult;

/** Runs Lean source; the engine behind it may still be starting. Lets the tool be tested without Docker. */
@FunctionalInterface
interface CodeRunner {

    /**
     * Runs {@code code}.
     *
     * @throws io.leansandbox.engine.InvalidSourceException when the engine refuses the code
     * @throws io.leansandbox.engine.LeanSandboxException   when no sandbox can run it
     */
    RunResult run(String code);
}
