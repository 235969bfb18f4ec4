package io.leansandbox.maven;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StaleReportsTest {

    private static final Instant SESSION_START = Instant.parse("2026-11-26T10:00:00.600Z");

    @TempDir
    Path reports;

    private Path file(String name, Instant modified) throws Exception {
        Path file = Files.writeString(reports.resolve(name), "<testsuite/>");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    void removesThisPluginsReportsFromEarlierBuildsOnly() throws Exception {
        Path earlier = file("TEST-lean-sandbox-default-cli.xml", SESSION_START.minusSeconds(3600));
        Path thisBuild = file("TEST-lean-sandbox-lean.xml", SESSION_START.plusSeconds(5));
        Path otherTool = file("TEST-com.example.FooTest.xml", SESSION_START.minusSeconds(3600));
        Path sarif = file("lean-sandbox-default-cli.sarif", SESSION_START.minusSeconds(3600));

        assertThat(StaleReports.remove(reports, "TEST-lean-sandbox-*.xml", SESSION_START, Set.of())).containsExactly(earlier);
        assertThat(earlier).doesNotExist();
        assertThat(thisBuild).as("another execution of this build").exists();
        assertThat(otherTool).as("not this plugin's").exists();
        assertThat(sarif).as("not matched by the glob").exists();
    }

    @Test
    void aReportFromTheSessionsFirstSecondIsKeptOnFileSystemsWithWholeSecondTimes() throws Exception {
        // Written 0.3 s after the start, but a file system keeping whole seconds says 10:00:00.000.
        Path sameSecond = file("TEST-lean-sandbox-lean.xml", Instant.parse("2026-11-26T10:00:00Z"));
        Path previousSecond = file("TEST-lean-sandbox-old.xml", Instant.parse("2026-11-26T09:59:59.999Z"));

        assertThat(StaleReports.remove(reports, "TEST-lean-sandbox-*.xml", SESSION_START, Set.of())).containsExactly(previousSecond);
        assertThat(sameSecond).exists();
    }

    @Test
    void aMissingDirectoryHasNothingToRemove() throws Exception {
        assertThat(StaleReports.remove(reports.resolve("none"), "*.xml", SESSION_START, Set.of())).isEmpty();
    }

    @Test
    void aDirectoryMatchingTheGlobIsLeftAlone() throws Exception {
        Path directory = Files.createDirectory(reports.resolve("TEST-lean-sandbox-dir.xml"));
        Files.setLastModifiedTime(directory, FileTime.from(SESSION_START.minusSeconds(60)));
        assertThat(StaleReports.remove(reports, "TEST-lean-sandbox-*.xml", SESSION_START, Set.of())).isEmpty();
        assertThat(directory).exists();
    }

    @Test
    void aReportAboutToBeReplacedIsNotRemoved() throws Exception {
        Path own = file("TEST-lean-sandbox-lean.xml", SESSION_START.minusSeconds(3600));
        Path other = file("TEST-lean-sandbox-default-cli.xml", SESSION_START.minusSeconds(3600));
        assertThat(StaleReports.remove(reports, "TEST-lean-sandbox-*.xml", SESSION_START, Set.of(own.toAbsolutePath().normalize())))
                .containsExactly(other);
        assertThat(own).as("written over, so never missing").exists();
    }
}
