package io.leansandbox.mcp;

import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Sorry;
import io.leansandbox.engine.result.Status;

import java.util.ArrayList;
import java.util.List;

/**
 * A run result as plain text, in the original server's layout (lean-docker-mcp's
 * {@code _format_execution_result}), byte for byte:
 *
 * <pre>
 * [Session ID: ID\n\n]Status: success|error\nExit Code: N\n\n(Output:\nOUTPUT | No output)[\n\nError: ERROR]
 * </pre>
 *
 * The original's status has two words: {@code success} for {@link Status#SUCCESS}, {@code error} for
 * every other status; the precise one follows in this project's own sections, after the original's
 * text and a blank line each: {@code Run Status:}, then {@code Sorries:}, {@code Stderr:}, a note on
 * truncated output, and what the caller adds (a session's {@code Notice:}, proof states).
 *
 * <p>{@link #render} keeps the compact layout for texts that lead with lines of their own ({@code check-proof}).
 *
 * <p>{@code OUTPUT} is what {@code lean} prints for the code, stripped as the original stripped it:
 * Lean's messages as {@code LINE:COL: severity: message}, then the program's output ({@code lean
 * --run} prints its messages among its output itself). {@code ERROR}, as the original's: the first
 * line of Lean's first error; for a failure that is no Lean error (a timeout, a crash), its cause.
 */
final class ResultText {

    private ResultText() {
    }

    /** The original's layout for a one-off run: no session, no sections of the caller's. */
    static String seed(RunResult result) {
        return seed(null, result, List.of());
    }

    /** The original's layout for {@code result} (with {@code Session ID:} when {@code sessionId} is set), then the extra sections. */
    static String seed(String sessionId, RunResult result, List<String> extraSections) {
        String stdout = output(result).strip();
        String error = result.status() == Status.SUCCESS ? "" : error(result);
        StringBuilder text = new StringBuilder();
        if (sessionId != null) {
            text.append("Session ID: ").append(sessionId).append("\n\n");
        }
        text.append("Status: ").append(result.status() == Status.SUCCESS ? "success" : "error").append('\n')
                .append("Exit Code: ").append(result.exitCode()).append("\n\n")
                .append(stdout.isEmpty() ? "No output" : "Output:\n" + stdout);
        if (!error.isEmpty()) {
            text.append("\n\nError: ").append(error);
        }
        List<String> sections = new ArrayList<>();
        sections.add("Run Status: " + result.status());
        if (!result.sorries().isEmpty()) {
            StringBuilder sorries = new StringBuilder("Sorries:");
            for (Sorry sorry : result.sorries()) {
                sorries.append('\n');
                if (sorry.start() != null) {
                    sorries.append(sorry.start()).append(": ");
                }
                sorries.append(sorry.goal());
            }
            sections.add(sorries.toString());
        }
        String stderr = result.stderr().strip();
        if (!stderr.isEmpty() && !stderr.equals(error)) {
            sections.add("Stderr:\n" + stderr);
        }
        if (result.outputTruncated()) {
            sections.add("Output Truncated: the output passed the limit and was cut");
        }
        for (String extra : extraSections) {
            if (extra != null && !extra.isBlank()) {
                sections.add(extra.strip());
            }
        }
        for (String section : sections) {
            text.append("\n\n").append(section);
        }
        return text.toString();
    }

    /**
     * A compact rendering for texts that lead with their own lines ({@code check-proof}): {@code Status:}
     * and {@code Exit Code:} lines, then {@code Output:}, {@code Sorries:} and {@code Error:} sections
     * when they have something to say.
     */
    static String render(RunResult result) {
        StringBuilder text = new StringBuilder()
                .append("Status: ").append(result.status()).append('\n')
                .append("Exit Code: ").append(result.exitCode()).append('\n');
        String output = output(result);
        if (result.outputTruncated()) {
            output = (output.isEmpty() || output.endsWith("\n") ? output : output + "\n") + "(output truncated)\n";
        }
        if (!output.isEmpty()) {
            text.append("Output:\n").append(output);
            endLine(text);
        }
        if (!result.sorries().isEmpty()) {
            text.append("Sorries:\n");
            for (Sorry sorry : result.sorries()) {
                if (sorry.start() != null) {
                    text.append(sorry.start()).append(": ");
                }
                text.append(sorry.goal()).append('\n');
            }
        }
        if (!result.stderr().isEmpty()) {
            text.append("Error:\n").append(result.stderr());
            endLine(text);
        }
        return text.toString().stripTrailing();
    }

    private static void endLine(StringBuilder text) {
        if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
    }

    /**
     * What {@code lean FILE} prints: Lean's messages, then the program's own output (the engine splits
     * {@code lean --run}'s output into the two, so that the program cannot forge a message).
     */
    static String output(RunResult result) {
        StringBuilder output = new StringBuilder();
        for (Diagnostic diagnostic : result.diagnostics()) {
            output.append(diagnostic).append('\n');
        }
        output.append(result.stdout());
        return output.toString();
    }

    /** The original's {@code error}: Lean's first error (its first line), else the failure's cause. */
    private static String error(RunResult result) {
        for (Diagnostic diagnostic : result.diagnostics()) {
            if (diagnostic.isError()) {
                return diagnostic.message().strip().lines().findFirst().orElse("").strip();
            }
        }
        String stderr = result.stderr().strip();
        if (!stderr.isEmpty()) {
            return stderr;
        }
        return result.exitCode() != 0 ? "Lean execution error" : "Unknown error in Lean output";
    }
}
