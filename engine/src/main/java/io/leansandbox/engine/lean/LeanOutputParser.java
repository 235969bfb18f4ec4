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
 * possibly running over several lines) out of its output. The headline is Lean's
 * {@code mkErrorStringWithPos}
 * (<a href="https://github.com/leanprover/lean4/blob/master/src/Lean/Message.lean">Message.lean</a>):
 * {@code FILE:LINE:COL[-ENDLINE:ENDCOL]: error[(NAME)]: text}, the end position only under
 * {@code printMessageEndPos}, the name for Lean's named errors (e.g. {@code error(lean.unknownIdentifier)}).
 * Info messages are printed bare, without a headline, so their text cannot be told from the text of
 * the message before them. Which part of {@code lean --run}'s output is Lean's at all is
 * {@link ProgramOutput}'s business.
 */
public final class LeanOutputParser {

    private static final Pattern HEADLINE = Pattern.compile(
            "^(?<file>[^\\n:]+\\.lean):(?<line>\\d+):(?<col>\\d+)(?:-\\d+:\\d+)?: "
                    + "(?<sev>error|warning|info|information)(?:\\([^()\\s]+\\))?: ?(?<text>.*)$");

    private LeanOutputParser() {
    }

    /** The diagnostics for {@code fileName} found in {@code output}; other lines continue the message before them. */
    public static List<Diagnostic> parse(String output, String fileName) {
        List<Diagnostic> found = new ArrayList<>();
        Severity severity = null;
        Position start = null;
        StringBuilder text = null;
        for (String line : output.split("\n", -1)) {
            Matcher m = headline(line, fileName);
            if (m != null) {
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

    /** Where the first message headline for {@code fileName} starts in {@code output}, or -1 when there is none. */
    static int firstHeadline(String output, String fileName) {
        int start = 0;
        for (String line : output.split("\n", -1)) {
            if (headline(line, fileName) != null) {
                return start;
            }
            start += line.length() + 1;
        }
        return -1;
    }

    private static Matcher headline(String line, String fileName) {
        Matcher m = HEADLINE.matcher(line);
        return m.matches() && m.group("file").endsWith(fileName) ? m : null;
    }
}
