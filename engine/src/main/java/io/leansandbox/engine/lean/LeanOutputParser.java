package io.leansandbox.engine.lean;

import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the messages {@code lean FILE} prints ({@code FILE:LINE:COL: severity: text}, the text
 * possibly running over several lines) out of its output.
 */
public final class LeanOutputParser {

    private static final Pattern HEADLINE = Pattern.compile(
            "^(?<file>[^\\n:]+\\.lean):(?<line>\\d+):(?<col>\\d+): (?<sev>error|warning|info|information): ?(?<text>.*)$");

    private LeanOutputParser() {
    }

    /** The diagnostics for {@code fileName} found in {@code output}; other lines continue the message before them. */
    public static List<Diagnostic> parse(String output, String fileName) {
        List<Diagnostic> found = new ArrayList<>();
        Severity severity = null;
        Position start = null;
        StringBuilder text = null;
        for (String line : output.split("\n", -1)) {
            Matcher m = HEADLINE.matcher(line);
            if (m.matches() && m.group("file").endsWith(fileName)) {
                if (text != null) {
                    found.add(new Diagnostic(severity, start, null, text.toString().stripTrailing()));
                }
                severity = Severity.parse(m.group("sev"));
                start = new Position(Integer.parseInt(m.group("line")), Integer.parseInt(m.group("col")));
                text = new StringBuilder(m.group("text"));
            } else if (text != null) {
                text.append('\n').append(line);
            }
        }
        if (text != null) {
            found.add(new Diagnostic(severity, start, null, text.toString().stripTrailing()));
        }
        return found;
    }
}
