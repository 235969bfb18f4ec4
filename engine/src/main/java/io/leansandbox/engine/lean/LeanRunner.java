package io.leansandbox.engine.lean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.RunPhase;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.sandbox.AgentException;
import io.leansandbox.engine.sandbox.AgentOutcome;
import io.leansandbox.engine.sandbox.Sandbox;

import java.time.Duration;
import java.util.List;

/** Runs Lean source in a sandbox, through the REPL or {@code lean --run}, and reads the outcome into a result. */
public final class LeanRunner {

    /** The file name {@code lean --run} sees, as the agent writes it. */
    static final String PROGRAM_FILE = "Main.lean";

    private final Settings settings;
    private final ObjectMapper json;
    private final ReplResponseParser parser;

    public LeanRunner(Settings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
        this.parser = new ReplResponseParser(json);
    }

    /** Runs {@code source}: with {@code lean --run} when it defines {@code main}, else checked by the REPL. */
    public RunResult run(Sandbox sandbox, LeanSource source) throws AgentException {
        long start = System.nanoTime();
        return source.definesMain() ? runProgram(sandbox, source, start) : check(sandbox, source, FollowUp.RESULT);
    }

    /** Checks {@code source} on a fresh REPL in {@code sandbox}, then runs {@code followUp} on that REPL. */
    public <T> T check(Sandbox sandbox, LeanSource source, FollowUp<T> followUp) throws AgentException {
        sandbox.serving().enter(RunPhase.STARTING);
        sandbox.startRepl();
        sandbox.serving().enter(RunPhase.ELABORATING);
        ReplStep step = send(sandbox, json.createObjectNode().put("cmd", source.text()), SourceOffset.NONE);
        return followUp.apply(sandbox, step, step.answered() ? step.answer().env() : null);
    }

    /**
     * Sends one command to the REPL already running in {@code sandbox}; positions in the answer are
     * mapped through {@code offset}. The command's time limit is the timeout of the call the sandbox
     * serves ({@link Sandbox#serving()}), at most the configured one.
     */
    public ReplStep send(Sandbox sandbox, JsonNode command, SourceOffset offset) throws AgentException {
        return send(sandbox, command, offset, System.nanoTime());
    }

    private ReplStep send(Sandbox sandbox, JsonNode command, SourceOffset offset, long start) throws AgentException {
        Duration limit = sandbox.serving().limit(settings.timeout());
        AgentOutcome outcome = sandbox.sendToRepl(command, limit, settings.outputLimitBytes(), settings.agentGrace());
        if (outcome.ending() != AgentOutcome.Ending.ANSWERED) {
            return new ReplStep(ended(RunMode.CHECK, outcome, List.of(), start, limit), null);
        }
        ReplResponse response;
        try {
            response = offset.map(parser.parse(outcome.output()));
        } catch (IllegalArgumentException e) {
            return new ReplStep(RunResult.infrastructureError(RunMode.CHECK, e.getMessage(), since(start)), null, outcome.strayBytes());
        }
        if (response.protocolError() != null) {
            return new ReplStep(new RunResult(Status.ERROR, RunMode.CHECK, 1, List.of(), List.of(), "",
                    "the REPL refused the command: " + response.protocolError(), false, since(start), toolchainTime(outcome)), response,
                    outcome.strayBytes());
        }
        boolean errors = response.hasErrors();
        return new ReplStep(new RunResult(errors ? Status.ERROR : Status.SUCCESS, RunMode.CHECK, errors ? 1 : 0,
                response.messages(), response.sorries(), "", outcome.stderr(), false, since(start), toolchainTime(outcome)), response,
                outcome.strayBytes());
    }

    private RunResult runProgram(Sandbox sandbox, LeanSource source, long start) throws AgentException {
        Duration limit = sandbox.serving().limit(settings.timeout());
        sandbox.serving().enter(RunPhase.ELABORATING);
        // The file ends with a marker line that Lean prints after its last message, before main runs:
        // what follows it is the program's output and never a diagnostic (ProgramOutput).
        AgentOutcome outcome = sandbox.runProgram(ProgramOutput.marked(source), limit, settings.outputLimitBytes(),
                settings.agentGrace());
        ProgramOutput.Split split = ProgramOutput.split(outcome.output(), source, PROGRAM_FILE,
                outcome.ending() == AgentOutcome.Ending.EXITED && Integer.valueOf(0).equals(outcome.exitCode()));
        RunResult result = ended(RunMode.RUN, outcome, split.diagnostics(), start, limit);
        return new RunResult(result.status(), result.mode(), result.exitCode(), result.diagnostics(), result.sorries(),
                split.stdout(), split.note().isEmpty() ? result.stderr() : join(result.stderr(), split.note()),
                result.outputTruncated(), result.elapsed(), result.toolchainTime());
    }

    /** A result for a process that exited, was killed, or overflowed. */
    private RunResult ended(RunMode mode, AgentOutcome outcome, List<Diagnostic> diagnostics, long start, Duration limit) {
        Status status = switch (outcome.ending()) {
            case TIMEOUT -> Status.TIMEOUT;
            case MEMORY -> Status.MEMORY_EXCEEDED;
            case OUTPUT_LIMIT -> Status.OUTPUT_LIMIT;
            // A REPL that exits instead of answering crashed on this input (e.g. a stack overflow).
            case EXITED, ANSWERED -> outcome.exitCode() != null && outcome.exitCode() == 0 && mode == RunMode.RUN
                    && diagnostics.stream().noneMatch(Diagnostic::isError) ? Status.SUCCESS : Status.ERROR;
        };
        int exitCode = outcome.exitCode() == null ? -1 : outcome.exitCode();
        String stderr = switch (status) {
            case TIMEOUT -> join(outcome.stderr(), "killed after the time limit of " + limit.toMillis() + " ms");
            case MEMORY_EXCEEDED -> join(outcome.stderr(), "killed by the kernel: the memory limit of "
                    + (settings.limits().memoryBytes() >> 20) + " MiB was reached");
            case OUTPUT_LIMIT -> join(outcome.stderr(), "killed: output passed the limit of " + settings.outputLimitBytes() + " bytes");
            default -> mode == RunMode.CHECK
                    ? join(outcome.stderr(), "the REPL exited with code " + exitCode + " without answering")
                    : outcome.stderr();
        };
        String stdout = outcome.output(); // for a REPL that did not answer: what it wrote before it ended
        return new RunResult(status, mode, exitCode, diagnostics, List.of(), stdout, stderr, outcome.truncated(), since(start),
                toolchainTime(outcome));
    }

    private static String join(String first, String second) {
        return first.isBlank() ? second : first.stripTrailing() + "\n" + second;
    }

    private static Duration toolchainTime(AgentOutcome outcome) {
        return Duration.ofNanos(outcome.elapsedMicros() * 1000);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
