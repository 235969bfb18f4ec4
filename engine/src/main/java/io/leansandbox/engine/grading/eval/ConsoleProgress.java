package io.leansandbox.engine.grading.eval;

import io.leansandbox.engine.grading.Verdict;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Progress on a stream (stderr): on a terminal one line that is rewritten in place (done/total,
 * rate, ETA, counts per verdict); elsewhere (a log file, CI) the same as a plain line every few
 * seconds and at the end, so logs stay readable.
 */
public final class ConsoleProgress implements Progress {

    private static final long TERMINAL_EVERY = 200_000_000L;
    private static final long PLAIN_EVERY = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoClock;
    private final Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
    private int total;
    private int done;
    private long start;
    private long lastPrinted;
    private int lastLength;
    private int printedDone = -1;

    public ConsoleProgress(PrintStream out, boolean terminal, LongSupplier nanoClock) {
        this.out = out;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
    }

    /** Progress on stderr, rewriting its line when stderr's process has a console. */
    public static ConsoleProgress onStderr() {
        return new ConsoleProgress(System.err, System.console() != null, System::nanoTime);
    }

    @Override
    public void started(int toGrade, int skippedByResume) {
        total = toGrade;
        start = nanoClock.getAsLong();
        lastPrinted = start;
        if (!terminal) {
            out.println("grading " + toGrade + " candidate(s)" + (skippedByResume > 0 ? ", " + skippedByResume
                    + " already graded (resumed)" : ""));
            out.flush();
        }
    }

    @Override
    public void graded(GradedCandidate result) {
        done++;
        counts.merge(result.verdict(), 1, Integer::sum);
        long now = nanoClock.getAsLong();
        if (now - lastPrinted >= (terminal ? TERMINAL_EVERY : PLAIN_EVERY)) {
            print(now);
        }
    }

    @Override
    public void finished() {
        if (printedDone != done && (total > 0 || !terminal)) {
            print(nanoClock.getAsLong());
        }
        if (terminal && printedDone >= 0) {
            out.println();
            out.flush();
        }
    }

    private void print(long now) {
        lastPrinted = now;
        printedDone = done;
        String line = line(now);
        if (terminal) {
            // Pad over the rest of a longer previous line: \r alone does not clear it.
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** {@code graded 37/120, 2.4/s, ETA 0:34 | valid 12, error 20, unverified 5}. */
    String line(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "graded %d/%d, %.1f/s", done, total, rate));
        if (done < total && rate > 0) {
            line.append(", ETA ").append(duration((long) Math.ceil((total - done) / rate)));
        } else if (done == total) {
            line.append(", ").append(duration(Math.round(seconds))).append(" in all");
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((v, n) -> parts.add(v.wireName() + " " + n));
        if (!parts.isEmpty()) {
            line.append(" | ").append(String.join(", ", parts));
        }
        return line.toString();
    }

    private static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
