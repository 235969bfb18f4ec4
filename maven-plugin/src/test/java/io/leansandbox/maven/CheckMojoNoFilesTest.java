package io.leansandbox.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The goal on a project whose only Lean file is a test, with -DskipTests: nothing to check, so no
 * sandbox starts (no Docker needed); an earlier build's reports are still removed, and with
 * sarifOutput an empty SARIF log is written for the upload step.
 */
class CheckMojoNoFilesTest {

    @TempDir
    Path project;

    @Test
    void skippedTestsLeaveNothingToCheckYetStaleReportsGoAndAnEmptySarifLogIsWritten() throws Exception {
        Path test = project.resolve("src/test/lean/T.lean");
        Files.createDirectories(test.getParent());
        Files.writeString(test, "def f : Nat := by apply Nat.succ");
        Path reports = Files.createDirectories(project.resolve("target/lean-sandbox-reports"));
        Path stale = Files.writeString(reports.resolve("TEST-lean-sandbox-default-cli.xml"), "<testsuite/>");
        Path staleSarif = Files.writeString(reports.resolve("lean-sandbox-default-cli.sarif"), "{}");
        Instant sessionStart = Instant.now();
        for (Path file : new Path[] {stale, staleSarif}) {
            Files.setLastModifiedTime(file, FileTime.from(sessionStart.minus(1, ChronoUnit.HOURS)));
        }
        Path sarif = reports.resolve("lean-sandbox-lean.sarif");

        CheckMojo mojo = new CheckMojo();
        set(mojo, "basedir", project.toFile());
        set(mojo, "failOnError", "true");
        set(mojo, "failOnSorry", "true");
        set(mojo, "incremental", true);
        set(mojo, "image", "lean-sandbox/no-such-image:never-started");
        set(mojo, "reportsDirectory", reports.toFile());
        set(mojo, "cacheFile", project.resolve("target/lean-sandbox-cache.json").toFile());
        set(mojo, "executionId", "lean");
        set(mojo, "pluginVersion", "9.9.9");
        set(mojo, "skipTests", true);
        set(mojo, "sarifOutput", true);
        set(mojo, "sarifFile", sarif.toFile());
        set(mojo, "sessionStartTime", Date.from(sessionStart));
        set(mojo, "executionRootDirectory", project.toFile());
        mojo.execute();

        assertThat(stale).doesNotExist();
        assertThat(staleSarif).doesNotExist();
        assertThat(reports.resolve("TEST-lean-sandbox-lean.xml")).as("no file checked, no XML report").doesNotExist();
        assertThat(project.resolve("target/lean-sandbox-cache.json")).as("nothing checked").doesNotExist();
        JsonNode log = new ObjectMapper().readTree(sarif.toFile());
        assertThat(SarifSchema.load().errors(log)).isEmpty();
        assertThat(log.at("/runs/0/results")).isEmpty();
        assertThat(log.at("/runs/0/tool/driver/version").asText()).isEqualTo("9.9.9");
        assertThat(log.at("/runs/0/originalUriBaseIds/%SRCROOT%/uri").asText()).isEqualTo(project.toUri().toString());
    }

    private static void set(CheckMojo mojo, String name, Object value) throws ReflectiveOperationException {
        Field field = CheckMojo.class.getDeclaredField(name);
        field.setAccessible(true);
        field.set(mojo, value);
    }
}
