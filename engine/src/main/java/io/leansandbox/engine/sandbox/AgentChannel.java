package io.leansandbox.engine.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request at a time to the in-sandbox agent, as JSON lines over its stdin and stdout.
 * Whatever carries the bytes (a Docker exec stream, a child process) feeds the agent's stdout in
 * through {@link #agentStdout} and reports the end through {@link #agentEnded}.
 *
 * <p>{@link #cancel} may be called from any thread while a call waits (it does not take the call's
 * lock): it writes a {@code cancel} line for the request in flight, which the agent answers by
 * killing that request's process, and it refuses every later request until {@link #resume}.
 */
final class AgentChannel implements SandboxFactory.Transport {

    private OutputStream toAgent;
    private final ObjectMapper json;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private volatile CompletableFuture<JsonNode> pending;
    private volatile String closedBecause;
    private long nextId;
    /** Guards the bytes written to the agent, and the two fields below. */
    private final Object wire = new Object();
    private long inFlight;
    private boolean cancelled;

    AgentChannel(ObjectMapper json) {
        this.json = json;
    }

    /** Where requests go; set once the backend has started the agent. */
    synchronized void connectTo(OutputStream toAgent) {
        this.toAgent = toAgent;
    }

    /** Sends {@code request} and waits up to {@code wait} for the agent's answer. */
    synchronized JsonNode call(ObjectNode request, Duration wait) throws AgentException {
        if (closedBecause != null) {
            throw new AgentException(AgentException.Kind.GONE, "the sandbox agent is gone: " + closedBecause);
        }
        long id = ++nextId;
        request.put("id", id);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending = answer;
        try {
            synchronized (wire) {
                if (cancelled) {
                    throw new Cancelled();
                }
                toAgent.write(json.writeValueAsBytes(request));
                toAgent.write('\n');
                toAgent.flush();
                inFlight = id;
            }
            JsonNode reply = answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (reply.path("id").asLong() != id) {
                throw new AgentException(AgentException.Kind.FAILED, "the sandbox agent answered out of turn: " + reply);
            }
            if (!reply.path("ok").asBoolean()) {
                String why = reply.hasNonNull("error") ? reply.get("error").asText() : reply.path("reason").asText();
                throw new AgentException(AgentException.Kind.FAILED, why);
            }
            return reply;
        } catch (IOException e) {
            throw new AgentException(AgentException.Kind.GONE, "cannot write to the sandbox agent: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new AgentException(AgentException.Kind.NO_ANSWER,
                    "the sandbox agent did not answer " + request.path("op").asText() + " within " + wait.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new AgentException(AgentException.Kind.GONE, e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException(AgentException.Kind.NO_ANSWER, "interrupted while waiting for the sandbox agent");
        } finally {
            synchronized (wire) {
                inFlight = 0;
            }
            pending = null;
        }
    }

    /** Thrown by {@link #call} for a request refused because of {@link #cancel}; not an agent failure. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    /**
     * Stops the request in flight, if any (its process is killed; it answers with outcome
     * {@code cancelled}), and refuses later requests until {@link #resume}. Never blocks on a call.
     * Whether a request was in flight.
     */
    boolean cancel() {
        synchronized (wire) {
            cancelled = true;
            if (inFlight == 0 || closedBecause != null) {
                return false;
            }
            try {
                toAgent.write(json.writeValueAsBytes(json.createObjectNode().put("op", "cancel").put("target", inFlight)));
                toAgent.write('\n');
                toAgent.flush();
            } catch (IOException e) {
                // the agent is gone: the call in flight learns it from agentEnded
            }
            return true;
        }
    }

    /** Accepts requests again after a {@link #cancel}. */
    void resume() {
        synchronized (wire) {
            cancelled = false;
        }
    }

    @Override
    public void agentStdout(byte[] bytes, int offset, int length) {
        synchronized (line) {
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    deliver(line.toByteArray());
                    line.reset();
                } else {
                    line.write(bytes[i]);
                }
            }
        }
    }

    @Override
    public void agentEnded(String why) {
        closedBecause = why;
        CompletableFuture<JsonNode> waiting = pending;
        if (waiting != null) {
            waiting.completeExceptionally(new IOException("the sandbox agent is gone: " + why));
        }
    }

    boolean isOpen() {
        return closedBecause == null;
    }

    private void deliver(byte[] text) {
        CompletableFuture<JsonNode> waiting = pending;
        try {
            JsonNode reply = json.readTree(text);
            if (waiting != null) {
                waiting.complete(reply);
            }
        } catch (IOException e) {
            if (waiting != null) {
                waiting.completeExceptionally(new IOException("the sandbox agent wrote a line that is not JSON", e));
            }
        }
    }
}
