package io.leansandbox.maven;

import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Sorry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The console text of a check. Locations are printed as {@code PATH:LINE:COLUMN: severity: message}
 * with the file's absolute path, the way {@code lean} prints them, so consoles and IDEs link them.
 * Lines count from 1 and columns from 0, as Lean counts them.
 */
final class ConsoleSummary {

    /** Findings printed per file; the report has them all. */
    static final int MAX_FINDINGS_PER_FILE = 10;
    /** Files listed in the failure message that ends the build. */
    static final int MAX_FILES_IN_FAILURE = 10;

    private ConsoleSummary() {
    }

    /** {@code ERROR    src/main/lean/Foo.lean (412 ms)}. */
    static String fileLine(FileOutcome outcome) {
        String line = String.format(Locale.ROOT, "%-8s %s", label(outcome), outcome.file().relativePath());
        return outcome.status() == FileOutcome.Status.UNCHANGED ? line + " (unchanged)" : line + " (" + time(outcome.elapsed()) + ")";
    }

    private static String label(FileOutcome outcome) {
        return outcome.status() == FileOutcome.Status.PASSED ? "OK" : outcome.status().name();
    }

    /**
     * The file's findings, one entry each (an entry may span lines: a message's later lines are
     * indented under it): Lean's errors and warnings, then its sorries, then the findings without a
     * position; at most {@code max}, then a line saying how many more the report has.
     */
    static List<String> findings(FileOutcome outcome, int max) {
        List<String> all = allFindings(outcome, false);
        if (all.size() <= max) {
            return all;
        }
        List<String> shown = new ArrayList<>(all.subList(0, max));
        shown.add("... and " + (all.size() - max) + " more in the report");
        return shown;
    }

    /** Every finding of the file; Lean's info messages too when {@code withInfo}. */
    static List<String> allFindings(FileOutcome outcome, boolean withInfo) {
        String path = outcome.file().path().toString();
        List<String> all = new ArrayList<>();
        for (Diagnostic d : outcome.diagnostics()) {
            if (withInfo || d.severity() != Severity.INFO) {
                all.add(located(path, d.start().line(), d.start().column(), d.severity().leanName(), d.message()));
            }
        }
        for (Sorry s : outcome.sorries()) {
            all.add(located(path, s.start().line(), s.start().column(), "warning",
                    "sorry" + (s.goal() == null || s.goal().isBlank() ? "" : "\n" + s.goal())));
        }
        for (String problem : outcome.problemMessages()) {
            all.add(path + ": " + (outcome.failing() ? "error" : "warning") + ": " + problem);
        }
        return all;
    }

    private static String located(String path, int line, int column, String severity, String message) {
        return path + ":" + line + ":" + column + ": " + severity + ": " + indentContinuation(message);
    }

    /** A multi-line message with its later lines indented, so they read as part of the entry. */
    static String indentContinuation(String message) {
        return message.strip().replace("\r\n", "\n").replace("\n", "\n    ");
    }

    /**
     * {@code Lean files: 6, checked: 5, passed: 3, failed: 2, unchanged: 1, time: 2.3 s}; passed
     * counts every checked file that does not fail the build.
     */
    static String totals(List<FileOutcome> outcomes, Duration wallTime) {
        long unchanged = outcomes.stream().filter(o -> o.status() == FileOutcome.Status.UNCHANGED).count();
        long failed = outcomes.stream().filter(FileOutcome::failing).count();
        long checked = outcomes.size() - unchanged;
        return "Lean files: " + outcomes.size() + ", checked: " + checked + ", passed: " + (checked - failed)
                + ", failed: " + failed + ", unchanged: " + unchanged + ", time: " + time(wallTime);
    }

    /** The message of the exception that fails the build: which files failed, and the first finding of each. */
    static String failureMessage(List<FileOutcome> outcomes, String reportPath) {
        List<FileOutcome> failing = outcomes.stream().filter(FileOutcome::failing).toList();
        StringBuilder message = new StringBuilder();
        message.append(failing.size()).append(" of ").append(outcomes.size()).append(" Lean file")
                .append(outcomes.size() == 1 ? "" : "s").append(" failed the check (report: ").append(reportPath).append("):");
        for (FileOutcome outcome : failing.subList(0, Math.min(failing.size(), MAX_FILES_IN_FAILURE))) {
            List<String> first = findings(outcome, 1);
            message.append("\n  ").append(outcome.status()).append(' ').append(outcome.file().relativePath());
            if (!first.isEmpty()) {
                message.append("\n    ").append(first.get(0).lines().findFirst().orElse(""));
            }
        }
        if (failing.size() > MAX_FILES_IN_FAILURE) {
            message.append("\n  ... and ").append(failing.size() - MAX_FILES_IN_FAILURE).append(" more");
        }
        return message.toString();
    }

    /** {@code 412 ms} under a second, else {@code 2.3 s}. */
    static String time(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
