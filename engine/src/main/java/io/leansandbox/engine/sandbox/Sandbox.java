package io.leansandbox.engine.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leansandbox.engine.Cancellation;
import io.leansandbox.engine.CancelledException;
import io.leansandbox.engine.RunOptions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One sandbox: a place where processes run (a container, or a directory on this machine) and the
 * agent inside it that starts them, times them and cleans up after them.
 */
public final class Sandbox {

    /**
     * How the agent in a sandbox is told to behave.
     *
     * @param codeUser          uid:gid the agent starts the code as, when that is not its own (in a container); null locally
     * @param resetMemorySlack  how far above its idle footprint the sandbox's memory may stay after a reset
     * @param memoryLimit       the sandbox's memory limit in bytes; 0 when it has none
     * @param rlimits           limits the agent sets on every process it starts ({@code nofile}, {@code fsize}),
     *                          where the sandbox has no ulimits of its own (a pod); empty elsewhere
     * @param endKeeper         whether the agent ends its sandbox's keeper (PID 1) when its stream ends: a pod
     *                          whose engine died then stops at once
     */
    public record AgentSetup(boolean containerIsolation, String workdir, List<String> writableDirs, String scratch,
                             String codeUser, long resetMemorySlack, long memoryLimit, Map<String, Long> rlimits,
                             boolean endKeeper) {
        public AgentSetup {
            rlimits = Map.copyOf(rlimits);
        }

        /** A setup without rlimits, whose keeper outlives the agent (Docker, local). */
        public AgentSetup(boolean containerIsolation, String workdir, List<String> writableDirs, String scratch,
                          String codeUser, long resetMemorySlack, long memoryLimit) {
            this(containerIsolation, workdir, writableDirs, scratch, codeUser, resetMemorySlack, memoryLimit, Map.of(), false);
        }
    }

    /**
     * Tells whether something outside the code is at fault when the agent stops answering: the Docker
     * daemon not answering, the container gone or stopped from outside. Empty when the sandbox's
     * surroundings are sound, so that the code itself stopped its supervision.
     */
    @FunctionalInterface
    public interface FaultProbe {
        Optional<String> infrastructureFault();

        /**
         * Whether the sandbox's memory is at its limit now: under gVisor the code's memory use stalls
         * the whole sandbox, agent included, instead of getting one process killed.
         */
        default boolean memoryFull() {
            return false;
        }
    }

    private static final Duration CONTROL_WAIT = Duration.ofSeconds(10);

    private final String id;
    private final AgentChannel agent;
    private final Runnable destroyer;
    private final FaultProbe probe;
    private final ObjectMapper json;
    private final Instant createdAt = Instant.now();
    private volatile boolean broken;
    /** The writable directory the agent was told to use for its own files. */
    private volatile String scratch = "/tmp";
    /** The call served now ({@link #serve}), and a count of servings, so a late cancel cannot reach the next one. */
    private volatile RunOptions serving = RunOptions.DEFAULT;
    private long servings;
    private volatile boolean interrupted;
    /** Anonymous + shared memory of the sandbox when its agent started, if its cgroup tells. */
    private volatile Long idleMemory;
    private volatile long resetMemorySlack;
    private volatile long memoryLimit;

    /** What {@link #serve} returns: closing it ends the serving. */
    @FunctionalInterface
    public interface Serving extends AutoCloseable {
        @Override
        void close();
    }

    Sandbox(String id, AgentChannel agent, Runnable destroyer, FaultProbe probe, ObjectMapper json) {
        this.id = id;
        this.agent = agent;
        this.destroyer = destroyer;
        this.probe = probe;
        this.json = json;
    }

    /** Greets the agent; a sandbox whose agent does not answer is no sandbox. */
    void hello(AgentSetup setup, Duration wait) throws AgentException {
        ObjectNode r = request("hello");
        r.put("isolation", setup.containerIsolation() ? "container" : "local");
        r.put("workdir", setup.workdir());
        r.put("scratch", setup.scratch());
        scratch = setup.scratch();
        setup.writableDirs().forEach(r.withArray("writable")::add);
        if (setup.codeUser() != null) {
            r.put("user", setup.codeUser());
        }
        if (!setup.rlimits().isEmpty()) {
            ObjectNode limits = r.putObject("rlimits");
            setup.rlimits().forEach(limits::put);
        }
        if (setup.endKeeper()) {
            r.put("end_keeper", true);
        }
        JsonNode hello = call(r, wait);
        idleMemory = hello.path("memory").isNumber() ? hello.get("memory").asLong() : null;
        resetMemorySlack = setup.resetMemorySlack();
        memoryLimit = setup.memoryLimit();
    }

    /** The sandbox's memory limit in bytes; 0 when it has none. */
    public long memoryLimit() {
        return memoryLimit;
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

    /**
     * Serves one call until the returned serving is closed: its cancellation stops the process the
     * agent runs for it (which then ends with a {@link CancelledException}) and refuses the call's
     * later requests; its timeout and progress listener are {@link #serving()}'s. Cancelling leaves
     * the sandbox sound: it is reset and serves again, as after any run.
     */
    public Serving serve(RunOptions call) {
        long serving;
        synchronized (this) {
            serving = ++servings;
            this.serving = call;
            interrupted = false;
        }
        agent.resume();
        Cancellation.Registration registration = call.cancellation().onCancel(() -> cancel(serving));
        return () -> {
            registration.close();
            synchronized (this) {
                servings++;
                this.serving = RunOptions.DEFAULT;
            }
            agent.resume();
        };
    }

    /** The options of the call being served now ({@link RunOptions#DEFAULT} between calls). */
    public RunOptions serving() {
        return serving;
    }

    private synchronized void cancel(long serving) {
        if (serving == servings && agent.cancel()) {
            interrupted = true;
        }
    }

    /**
     * Whether the call served now was cancelled while a request was with the agent (whose process,
     * a REPL for instance, was then killed), rather than before it sent one.
     */
    public boolean interruptedARequest() {
        return interrupted;
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
        return AgentOutcome.from(callWhileCodeRuns(r, limit.plus(grace)), "answer");
    }

    /** Runs {@code lean --run} on {@code source}. */
    public AgentOutcome runProgram(String source, Duration limit, long outputLimit, Duration grace) throws AgentException {
        ObjectNode r = request("run");
        r.put("source", source);
        r.put("timeout_ms", limit.toMillis());
        r.put("output_limit", outputLimit);
        return AgentOutcome.from(callWhileCodeRuns(r, limit.plus(grace)), "stdout");
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
        return AgentOutcome.from(callWhileCodeRuns(r, limit.plus(grace)), "stdout");
    }

    /** The sandbox's writable directory for the engine's own files (pickled proof states). */
    public String scratch() {
        return scratch;
    }

    /**
     * The bytes of {@code path} (absolute, under a writable directory); empty when there is no such
     * file; an {@link AgentException} when it is larger than {@code maxBytes}.
     */
    public java.util.Optional<byte[]> readFile(String path, int maxBytes) throws AgentException {
        JsonNode reply = call(request("file").put("path", path).put("max_bytes", maxBytes), CONTROL_WAIT);
        if (!reply.path("exists").asBoolean()) {
            return java.util.Optional.empty();
        }
        if (!reply.has("data")) {
            throw new AgentException(AgentException.Kind.FAILED, path + " holds " + reply.path("size").asLong()
                    + " bytes, more than the " + maxBytes + " allowed");
        }
        return java.util.Optional.of(java.util.Base64.getDecoder().decode(reply.get("data").asText()));
    }

    /** Writes {@code bytes} to {@code path} (absolute, under a writable directory), making its parents. */
    public void writeFile(String path, byte[] bytes) throws AgentException {
        call(request("file").put("path", path).put("data", java.util.Base64.getEncoder().encodeToString(bytes)), CONTROL_WAIT);
    }

    /** What {@code lean --version} prints in this sandbox. */
    public AgentOutcome leanVersion() throws AgentException {
        return AgentOutcome.from(call(request("version"), CONTROL_WAIT), "stdout");
    }

    /**
     * Kills every process of the code's user and wipes the writable directories and IPC, then checks
     * that the sandbox's memory came back near its idle footprint and that the agent still answers.
     * Any failure marks the sandbox broken.
     */
    public void reset() throws AgentException {
        JsonNode reply = call(request("reset"), CONTROL_WAIT);
        Long idle = idleMemory;
        if (idle != null && reply.path("memory").isNumber() && reply.get("memory").asLong() > idle + resetMemorySlack) {
            broken = true;
            throw new AgentException(AgentException.Kind.FAILED, "its memory did not come back after the reset: "
                    + (reply.get("memory").asLong() >> 20) + " MiB in use, idle was " + (idle >> 20) + " MiB");
        }
        healthCheck();
    }

    /**
     * Between two checks on a warm REPL: kills every process of the code's user but the REPL's own,
     * wipes the writable directories and IPC, and checks the agent still answers, so that nothing of
     * one caller's check reaches the next. Any failure marks the sandbox broken; bytes that reached the
     * REPL's output after the last check's answer (a child of that check writing late) are a failure
     * too: the next check would read them as its own.
     *
     * @return the memory in use after the clean (the sandbox's anonymous and shared memory, else the
     *         REPL's resident memory), when the agent can tell
     */
    public java.util.OptionalLong cleanAroundRepl() throws AgentException {
        JsonNode reply = call(request("clean"), CONTROL_WAIT);
        long stray = reply.path("stray_bytes").asLong(0);
        if (stray > 0) {
            // Something the last check started wrote to the REPL's output after its answer: the next check
            // would read it as its own. The REPL is not reused.
            throw new AgentException(AgentException.Kind.FAILED, stray + " bytes reached the REPL's output after the last check's answer");
        }
        healthCheck();
        return reply.path("memory").isNumber() ? java.util.OptionalLong.of(reply.get("memory").asLong()) : java.util.OptionalLong.empty();
    }

    private void healthCheck() throws AgentException {
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

    /**
     * A request during which the code runs. Should the agent then stop answering while Docker and the
     * container are sound, the code stopped its own supervision (it cannot signal the agent, but may
     * find another way): a {@link AgentException.Kind#VIOLATION}, a verdict on the code rather than a
     * fault to retry; with the sandbox's memory full, a {@link AgentException.Kind#MEMORY}.
     */
    private JsonNode callWhileCodeRuns(ObjectNode request, Duration wait) throws AgentException {
        try {
            return call(request, wait);
        } catch (AgentException e) {
            if (e.kind() != AgentException.Kind.NO_ANSWER && e.kind() != AgentException.Kind.GONE) {
                throw e; // the agent's own refusal, or a fault the probe found outside the code
            }
            if (probe.memoryFull()) {
                throw new AgentException(AgentException.Kind.MEMORY, "the sandbox's memory was full when its agent stopped answering ("
                        + e.getMessage() + ")", e);
            }
            throw new AgentException(AgentException.Kind.VIOLATION, "the code stopped the sandbox's supervision while it ran ("
                    + e.getMessage() + "), with Docker and the container sound", e);
        }
    }

    private JsonNode call(ObjectNode request, Duration wait) throws AgentException {
        JsonNode reply;
        try {
            reply = agent.call(request, wait);
        } catch (AgentChannel.Cancelled e) {
            throw cancelled();
        } catch (AgentException e) {
            broken = true;
            if (e.kind() == AgentException.Kind.FAILED) {
                throw e;
            }
            // An agent that stopped answering or went away: say so when Docker or the container is at fault.
            Optional<String> fault = probe.infrastructureFault();
            if (fault.isPresent()) {
                throw new AgentException(AgentException.Kind.INFRASTRUCTURE, e.getMessage() + "; " + fault.get(), e);
            }
            throw e;
        }
        if ("cancelled".equals(reply.path("outcome").asText())) {
            throw cancelled(); // the agent killed the process; the sandbox is sound
        }
        return reply;
    }

    private CancelledException cancelled() {
        String why = serving.cancellation().reason();
        return new CancelledException(why == null ? "the call was cancelled" : why);
    }

    @Override
    public String toString() {
        return "sandbox " + id;
    }
}
