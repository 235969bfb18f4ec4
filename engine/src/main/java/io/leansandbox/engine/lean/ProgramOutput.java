package io.leansandbox.engine.lean;

import io.leansandbox.engine.result.Diagnostic;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Tells Lean's messages from the program's own output in what {@code lean --run FILE} prints: both go
 * to stdout, and a message's text runs on until the next {@code FILE:LINE:COL: severity:} line, so a
 * program's output after a warning would read as the rest of the warning, and a program printing
 * {@code Main.lean:1:0: error: ...} would read as an error.
 *
 * <p>The engine appends one command to the file, {@code #print "}{@value #END_OF_MESSAGES}{@code "},
 * which Lean elaborates last and prints as a bare info line. {@code lean --run} reports every
 * message of the file before it starts {@code main}: it runs the frontend to the end, printing
 * messages "in tree preorder", that is in the order of the commands
 * (<a href="https://github.com/leanprover/lean4/blob/master/src/Lean/Language/Basic.lean">SnapshotTree.runAndReport</a>),
 * and calls {@code run_main} only once the frontend has returned
 * (<a href="https://github.com/leanprover/lean4/blob/master/src/util/shell.cpp">shell.cpp</a>:
 * {@code if (run && ok) ... ir::run_main}). So everything after the first marker line is the
 * program's: it is never read as a diagnostic, whatever it prints, the marker included. Only code that
 * runs while the file is elaborated ({@code #eval}, macros, ...) prints before the marker, and it can
 * print anything, lines that look like diagnostics too: lean's text output cannot tell those apart
 * (docs/LIMITS.md says so for users).
 *
 * <p>A file with {@code #exit} stops being elaborated there, before the marker, and still runs its
 * {@code main}: the engine cannot tell the two apart, so it takes no diagnostic from such a run's
 * output and returns all of it as the program's, with a note saying so.
 */
public final class ProgramOutput {

    /**
     * The text of the marker. Not secret: the program can read its own source, and what it prints comes
     * after the real marker anyway. It is only unlikely to be printed by accident.
     */
    public static final String END_OF_MESSAGES = "lean-sandbox: end of Lean's messages (5d0c2b9e)";

    /** The note in stderr of a run whose output could not be split. */
    static final String UNSPLIT = "lean-sandbox: the file stops early (#exit), so Lean's messages cannot be told from the "
            + "program's output: all of it is in stdout, and no diagnostic was read from it";

    /** The note in stderr of a run that ran main without printing the marker. */
    static final String UNMARKED = "lean-sandbox: the program ran but Lean's end-of-messages line never came (the code kept it "
            + "from being printed), so Lean's messages cannot be told from the program's output: all of it is in stdout, and no "
            + "diagnostic was read from it";

    private static final Pattern EXIT = Pattern.compile("#exit(?![\\p{L}\\p{N}_'!?])");

    /**
     * What {@code lean --run} printed, split.
     *
     * @param diagnostics Lean's warnings and errors (an info message's text, printed bare, stays in the
     *                    text of the message before it)
     * @param stdout      what Lean printed before its first warning or error (bare info messages, such as
     *                    {@code #eval}'s output), then everything the program printed
     * @param note        why the output could not be split, or empty
     */
    public record Split(List<Diagnostic> diagnostics, String stdout, String note) {
        public Split {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    private ProgramOutput() {
    }

    /** Whether the marker can be placed: the file does not stop early with {@code #exit} (outside comments and strings). */
    static boolean canMark(LeanSource source) {
        return !EXIT.matcher(SourceScanner.codeOnly(source.text())).find();
    }

    /** The file {@code lean --run} gets: the source, then the marker command on a line of its own (positions unchanged). */
    static String marked(LeanSource source) {
        if (!canMark(source)) {
            return source.text();
        }
        String text = source.text();
        return text + (text.endsWith("\n") ? "" : "\n") + "#print \"" + END_OF_MESSAGES + "\"\n";
    }

    /**
     * Splits {@code output}, which {@code lean --run} printed for {@code source} (given to it as
     * {@link #marked(LeanSource)}), whose messages name {@code fileName}. Without a marker line the run
     * ended before the file was elaborated to its end (a timeout, a crash, an unterminated comment that
     * swallowed the marker: {@code main} did not run), so all of it is Lean's.
     */
    static Split split(String output, LeanSource source, String fileName) {
        return split(output, source, fileName, false);
    }

    /**
     * {@link #split(String, LeanSource, String)} for a run that {@code exitedCleanly} (exit code 0). Such a
     * run without a marker line still ran {@code main} (the file elaborated without errors): the code kept
     * the marker from being printed (a macro that swallows the {@code #print}), so its output cannot be
     * split and is all the program's, as with {@code #exit}.
     */
    static Split split(String output, LeanSource source, String fileName, boolean exitedCleanly) {
        if (!canMark(source)) {
            return new Split(List.of(), output, UNSPLIT);
        }
        int marker = markerLine(output);
        if (marker < 0 && exitedCleanly) {
            return new Split(List.of(), output, UNMARKED);
        }
        String messages = marker < 0 ? output : output.substring(0, marker);
        String program = marker < 0 ? "" : afterLine(output, marker);
        int firstHeadline = LeanOutputParser.firstHeadline(messages, fileName);
        String leading = firstHeadline < 0 ? messages : messages.substring(0, firstHeadline);
        return new Split(LeanOutputParser.parse(messages, fileName), leading + program, "");
    }

    /** Where the first marker line starts in {@code output}, or -1. */
    private static int markerLine(String output) {
        int start = 0;
        while (start <= output.length()) {
            int end = output.indexOf('\n', start);
            String line = output.substring(start, end < 0 ? output.length() : end);
            // Bare, as lean prints info messages today; with a position, should a later Lean print one.
            if (line.equals(END_OF_MESSAGES) || line.endsWith(": " + END_OF_MESSAGES)) {
                return start;
            }
            if (end < 0) {
                return -1;
            }
            start = end + 1;
        }
        return -1;
    }

    private static String afterLine(String output, int lineStart) {
        int end = output.indexOf('\n', lineStart);
        return end < 0 ? "" : output.substring(end + 1);
    }
}
