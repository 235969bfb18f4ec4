package io.leansandbox.engine.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the agent reports about one process it ran in the sandbox.
 *
 * @param ending    how the process ended, or that the REPL answered
 * @param exitCode  the exit code, 128+N for signal N, or null while the process still runs
 * @param output    the REPL's answer, or the program's stdout
 * @param stderr    the process's stderr
 * @param truncated whether output was cut at the cap
 * @param elapsedMicros time the agent measured around the process's work, in microseconds
 * @param strayBytes    for a REPL: bytes its stdout held besides this one answer (before the command
 *                      was sent, or after the answer's blank line); the REPL writes nothing of the
 *                      kind, so anything there came from code it ran
 */
public record AgentOutcome(Ending ending, Integer exitCode, String output, String stderr, boolean truncated, long elapsedMicros,
                           long strayBytes) {

    /** How a process's work ended. */
    public enum Ending {
        ANSWERED, EXITED, TIMEOUT, MEMORY, OUTPUT_LIMIT
    }

    static AgentOutcome from(JsonNode reply, String outputField) {
        Ending ending = switch (reply.path("outcome").asText()) {
            case "answered" -> Ending.ANSWERED;
            case "exited" -> Ending.EXITED;
            case "timeout" -> Ending.TIMEOUT;
            case "memory" -> Ending.MEMORY;
            case "output_limit" -> Ending.OUTPUT_LIMIT;
            default -> throw new IllegalArgumentException("unknown outcome in agent reply: " + reply);
        };
        JsonNode code = reply.get("exit_code");
        return new AgentOutcome(ending, code == null || code.isNull() ? null : code.asInt(),
                reply.path(outputField).asText(""), reply.path("stderr").asText(""),
                reply.path("truncated").asBoolean(), reply.path("elapsed_us").asLong(), reply.path("stray_bytes").asLong());
    }
}
