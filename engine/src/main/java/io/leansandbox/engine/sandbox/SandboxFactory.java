package io.leansandbox.engine.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.SandboxUnavailableException;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.Function;

/** Wires a started agent, whatever carries its streams, into a {@link Sandbox} and greets it. */
public final class SandboxFactory {

    /** Where a backend delivers what the agent writes. */
    public interface Transport {
        /** Bytes the agent wrote to its stdout. */
        void agentStdout(byte[] bytes, int offset, int length);

        /** The agent's stdout ended. */
        void agentEnded(String why);
    }

    /** What a backend hands back once the agent runs: where to write to it, and how to drop the link. */
    public record Link(OutputStream toAgent, Runnable close) {
    }

    private final ObjectMapper json;

    public SandboxFactory(ObjectMapper json) {
        this.json = json;
    }

    /** A pipe whose reading end a transport consumes (a Docker stdin stream) and whose writing end we use. */
    public static Pipe pipe() {
        QueueInputStream in = new QueueInputStream();
        return new Pipe(in, in.writer());
    }

    /** Both ends of a {@link #pipe()}. */
    public record Pipe(InputStream reader, OutputStream writer) {
    }

    /**
     * Connects the agent through {@code connect}, greets it, and returns the sandbox; on failure
     * runs {@code remove} and throws.
     */
    public Sandbox start(String id, Function<Transport, Link> connect, Runnable remove, Sandbox.FaultProbe probe,
                         Sandbox.AgentSetup setup, Duration wait) {
        AgentChannel channel = new AgentChannel(json);
        Link link = connect.apply(channel);
        channel.connectTo(link.toAgent());
        Sandbox sandbox = new Sandbox(id, channel, () -> {
            try {
                link.close().run();
            } finally {
                remove.run();
            }
        }, probe, json);
        try {
            sandbox.hello(setup, wait);
            return sandbox;
        } catch (AgentException e) {
            sandbox.destroy();
            throw new SandboxUnavailableException("the agent in " + id + " did not start: " + e.getMessage()
                    + " (the image needs /usr/bin/python3, see docker/CONTRACT.md)", e);
        }
    }
}
