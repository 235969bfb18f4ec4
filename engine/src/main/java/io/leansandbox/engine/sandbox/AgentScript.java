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

    /**
     * A few lines of Python that read the agent's source from stdin and run it: its length on one
     * line, then the source ({@link #bootstrapPayload()}). For a pod exec, whose command travels in the
     * URL of the API server's request (the agent's 30 KB there would meet URL limits on the way), and
     * for pods made by others (agent-sandbox), which then need only python3, as the image contract says.
     * It reads byte by byte up to the length, then exactly that many bytes, so that nothing after the
     * source (the engine's first request) is taken from the agent's own reader.
     */
    public static final String BOOTSTRAP = String.join("\n",
            "import os",
            "n = b''",
            "while not n.endswith(b'\\n'):",
            "    c = os.read(0, 1)",
            "    if not c: raise SystemExit('lean-sandbox: no agent source on stdin')",
            "    n += c",
            "n = int(n)",
            "s = b''",
            "while len(s) < n:",
            "    c = os.read(0, n - len(s))",
            "    if not c: raise SystemExit('lean-sandbox: the agent source was cut short')",
            "    s += c",
            "exec(compile(s, 'agent.py', 'exec'), {'__name__': '__main__'})",
            "");

    /** {@code python3 -I -c BOOTSTRAP}: the agent's source then follows on stdin. */
    public static List<String> bootstrapCommand(String python) {
        return List.of(python, "-I", "-c", BOOTSTRAP);
    }

    /** What {@link #BOOTSTRAP} reads first: the source's length in bytes, a newline, the source. */
    public static byte[] bootstrapPayload() {
        byte[] source = source().getBytes(StandardCharsets.UTF_8);
        byte[] head = (source.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] payload = java.util.Arrays.copyOf(head, head.length + source.length);
        System.arraycopy(source, 0, payload, head.length, source.length);
        return payload;
    }
}
