package io.leansandbox.mcp.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import io.leansandbox.engine.lean.ReplStep;

/** A REPL process of its own, started fresh (the shape of {@link io.leansandbox.engine.ReplConversation}). */
public interface Repl extends AutoCloseable {

    /** Sends one raw REPL command; the step says whether and what the REPL answered. */
    ReplStep exchange(JsonNode command);

    @Override
    void close();
}
