package io.leansandbox.maven;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Removes the reports an earlier build left: this plugin's files (named by a glob such as
 * {@code TEST-lean-sandbox-*.xml}) last modified before the current Maven session started. A report
 * of another execution id (default-cli from the command line, default or a named one from the POM)
 * would otherwise stay beside this build's and be counted again by CI; one written earlier in this
 * session (another execution of the goal, another module sharing the directory) is kept.
 *
 * <p>The session's start is taken down to the whole second before comparing, because some file
 * systems keep modification times in whole seconds: a report this session wrote in its first second
 * must never look older than the session. The price is that a report written by a build that ended in
 * the same second as this one started is kept.
 */
final class StaleReports {

    private StaleReports() {
    }

    /**
     * Deletes the regular files in {@code directory} whose names match {@code glob} and whose last
     * modification is before {@code sessionStart} (to the second), but those in {@code replaced}
     * (absolute, normalized: the files the caller is about to write over); a missing directory has none.
     *
     * @return the files deleted, in name order
     */
    static List<Path> remove(Path directory, String glob, Instant sessionStart, Set<Path> replaced) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, glob)) {
            for (Path file : files) {
                if (!replaced.contains(file.toAbsolutePath().normalize()) && removeIfStale(file, sessionStart)) {
                    removed.add(file);
                }
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        removed.sort(Comparator.naturalOrder());
        return removed;
    }

    /** Deletes {@code file} when it is a regular file last modified before {@code sessionStart} (to the second). */
    static boolean removeIfStale(Path file, Instant sessionStart) throws IOException {
        FileTime threshold = FileTime.from(sessionStart.truncatedTo(ChronoUnit.SECONDS));
        return Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(threshold) < 0 && Files.deleteIfExists(file);
    }
}
