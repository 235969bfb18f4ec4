package io.leansandbox.mcp;

import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Sorry;

/**
 * A run result as plain text, in the original server's layout: {@code Status:} and {@code Exit Code:}
 * lines, then {@code Output:} and {@code Error:} sections when they have something to say.
 */
final class ResultText {

    private ResultText() {
    }

    static String render(RunResult result) {
        StringBuilder text = new StringBuilder()
                .append("Status: ").append(result.status()).append('\n')
                .append("Exit Code: ").append(result.exitCode()).append('\n');
        String output = output(result);
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

    /** What {@code lean FILE} prints: Lean's messages, then the program's own output. */
    private static String output(RunResult result) {
        StringBuilder output = new StringBuilder();
        for (Diagnostic diagnostic : result.diagnostics()) {
            output.append(diagnostic).append('\n');
        }
        output.append(result.stdout());
        if (result.outputTruncated()) {
            endLine(output);
            output.append("(output truncated)\n");
        }
        return output.toString();
    }

    private static void endLine(StringBuilder text) {
        if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
    }
}
