package io.leansandbox.engine.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One sandbox: a place where processes run (a container, or a directory on this machine) and the
 * agent inside it that starts them, times them and cleans up after them.
 */
public final class Sandbox {

    /** How the agent in a sandbox is told to behave. */
    public record AgentSetup(boolean containerIsolation, String workdir, List<String> writableDirs, String scratch) {
    }

    private static final Duration CONTROL_WAIT = Duration.ofSeconds(10);

    private final String id;
    private final AgentChannel agent;
    private final Runnable destroyer;
    private final ObjectMapper json;
    private final Instant createdAt = Instant.now();
    private volatile boolean broken;

    Sandbox(String id, AgentChannel agent, Runnable destroyer, ObjectMapper json) {
        this.id = id;
        this.agent = agent;
        this.destroyer = destroyer;
        this.json = json;
    }

    /** Greets the agent; a sandbox whose agent does not answer is no sandbox. */
    void hello(AgentSetup setup, Duration wait) throws AgentException {
        ObjectNode r = request("hello");
        r.put("isolation", setup.containerIsolation() ? "container" : "local");
        r.put("workdir", setup.workdir());
        r.put("scratch", setup.scratch());
        setup.writableDirs().forEach(r.withArray("writable")::add);
        call(r, wait);
    }

    public String id() {
        return id;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** Whether the agent failed once: such a sandbox is retired, never reused. */
    public boolean isBroken() {
        return broken || !agent.isOpen();
    }

    /** Starts a fresh REPL in the sandbox, ending any earlier one. */
    public void startRepl() throws AgentException {
        call(request("repl_start"), CONTROL_WAIT);
    }

    /** Sends one command to the REPL; {@code limit} bounds Lean's work, {@code grace} the wait beyond it. */
    public AgentOutcome sendToRepl(JsonNode command, Duration limit, long outputLimit, Duration grace) throws AgentException {
        ObjectNode r = request("repl_send");
        r.set("command", command);
        r.put("timeout_ms", limit.toMillis());
        r.put("output_limit", outputLimit);
        return AgentOutcome.from(call(r, limit.plus(grace)), "answer");
    }

    /** Runs {@code lean --run} on {@code source}. */
    public AgentOutcome runProgram(String source, Duration limit, long outputLimit, Duration grace) throws AgentException {
        ObjectNode r = request("run");
        r.put("source", source);
        r.put("timeout_ms", limit.toMillis());
        r.put("output_limit", outputLimit);
        return AgentOutcome.from(call(r, limit.plus(grace)), "stdout");
    }

    /**
     * Writes {@code files} (absolute paths, UTF-8 text) and runs {@code argv} in {@code cwd}: a step of
     * gold grading. {@code limit} bounds the process, {@code grace} the wait beyond it.
     */
    public AgentOutcome exec(List<String> argv, Map<String, String> files, String cwd, Duration limit, long outputLimit,
                             Duration grace) throws AgentException {
        ObjectNode r = request("exec");
        argv.forEach(r.withArray("argv")::add);
        ObjectNode written = r.putObject("files");
        files.forEach(written::put);
        r.put("cwd", cwd);
        r.put("timeout_ms", limit.toMillis());
        r.put("output_limit", outputLimit);
        return AgentOutcome.from(call(r, limit.plus(grace)), "stdout");
    }

    /** What {@code lean --version} prints in this sandbox. */
    public AgentOutcome leanVersion() throws AgentException {
        return AgentOutcome.from(call(request("version"), CONTROL_WAIT), "stdout");
    }

    /**
     * Kills every process of the sandbox user and wipes the writable directories, then checks the
     * agent still answers. Any failure marks the sandbox broken.
     */
    public void reset() throws AgentException {
        call(request("reset"), CONTROL_WAIT);
        String nonce = UUID.randomUUID().toString();
        JsonNode pong = call(request("ping").put("nonce", nonce), CONTROL_WAIT);
        if (!nonce.equals(pong.path("nonce").asText())) {
            broken = true;
            throw new AgentException(AgentException.Kind.FAILED, "health check failed: wrong nonce " + pong);
        }
    }

    /** Removes the sandbox and everything in it. */
    public void destroy() {
        broken = true;
        destroyer.run();
    }

    private ObjectNode request(String op) {
        return json.createObjectNode().put("op", op);
    }

    private JsonNode call(ObjectNode request, Duration wait) throws AgentException {
        try {
            return agent.call(request, wait);
        } catch (AgentException e) {
            broken = true;
            throw e;
        }
    }

    @Override
    public String toString() {
        return "sandbox " + id;
    }
}
