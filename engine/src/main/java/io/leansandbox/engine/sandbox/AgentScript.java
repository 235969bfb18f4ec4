package io.leansandbox.engine.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The in-sandbox agent (agent.py beside this class) and the command line that starts it. */
public final class AgentScript {

    private AgentScript() {
    }

    /** The source of the agent. */
    public static String source() {
        try (InputStream in = AgentScript.class.getResourceAsStream("agent.py")) {
            if (in == null) {
                throw new IllegalStateException("agent.py is missing from the engine's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code python3 -I -c SOURCE}: the agent travels in the command, so images need only python3. */
    public static List<String> command(String python) {
        return List.of(python, "-I", "-c", source());
    }
}
