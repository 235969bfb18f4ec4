package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lean-sandbox selftest} end to end: the shaded jar as a subprocess, the Docker daemon and the
 * stand-in image, which replays the same recordings the jar bundles (both are the repository's
 * fixtures/). So every transcript the sandbox can replay must match, and only a recording changed
 * on one side (a copy given with --transcripts) may differ.
 */
class SelftestIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The repository's vendored recordings: what the jar bundles and build-images.sh bakes into the stand-in. */
    private static final Path FIXTURES = Path.of(System.getProperty("lean.fixtures", "../fixtures"));

    @TempDir
    Path dir;

    @Test
    void everyBundledCaseMatchesOnTheStandInOrIsSkippedForAReasonThatIsNotADisagreement() throws Exception {
        // Four at a time: the 13 comparator cases take two fresh containers each, which is most of the run's time.
        JarCommand run = JarCommand.run(dir, dir.resolve("tmp"), Map.of(), List.of("selftest", "--image", ServerProcess.IMAGE, "--json",
                "--concurrency", "4"));
        assertThat(run.exit()).as("exit code; stderr: %s", run.stderr()).isEqualTo(ExitCodes.OK);
        JsonNode report = JSON.readTree(run.stdout());
        assertThat(report.get("image").asText()).isEqualTo(ServerProcess.IMAGE);
        assertThat(report.get("lean_version").asText()).startsWith("Lean (version ");
        List<JsonNode> cases = new ArrayList<>();
        report.get("cases").forEach(cases::add);
        assertThat(cases).as("every bundled transcript with an answer (71) and comparator case (13)").hasSize(84);
        assertThat(cases).allSatisfy(c -> assertThat(c.get("outcome").asText()).as(c.toString()).isIn("match", "skipped"));
        long matches = cases.stream().filter(c -> c.get("outcome").asText().equals("match")).count();
        assertThat(matches).isGreaterThan(40);
        assertThat(report.at("/summary/match").asLong()).isEqualTo(matches);
        assertThat(report.at("/summary/differs").asLong()).isZero();
        assertThat(report.at("/summary/all_match").asBoolean()).isTrue();
        // The skips are the transcripts that use files of the REPL's own test directory (relative paths), nothing else:
        // the stand-in answers import Mathlib as the recorded Mathlib image did, and has gold grading.
        assertThat(cases.stream().filter(c -> c.get("outcome").asText().equals("skipped")))
                .allSatisfy(c -> assertThat(c.get("detail").asText()).as(c.toString()).startsWith("uses the relative path test/"))
                .extracting(c -> c.get("name").asText())
                .contains("pickle_environment", "file", "Mathlib/test/H20231215_2");
        assertThat(cases.stream().filter(c -> c.get("kind").asText().equals("comparator"))).hasSize(13)
                .allSatisfy(c -> assertThat(c.get("outcome").asText()).isEqualTo("match"));
        assertThat(report.get("notes").toString()).contains("Mathlib: yes");
        // The per-case lines go to stderr with --json, in the plan's order.
        assertThat(run.messages()).contains("transcript def_eval: match", "comparator simple_mismatch: match",
                "selftest: " + matches + " match, 0 differ, " + (84 - matches) + " skipped (of 84 cases)");
        assertThat(BadInputRows.containersOf(run.pid())).as("containers left behind").isZero();
    }

    @Test
    void aRecordingChangedInACopyIsReportedAsThatCasesDifferenceAndFailsTheRun() throws Exception {
        Path transcripts = copy(FIXTURES.resolve("repl-transcripts"), dir.resolve("transcripts"));
        Path defEval = transcripts.resolve("def_eval.expected.out");
        String recorded = Files.readString(defEval);
        assertThat(recorded).contains("\"data\": \"rfl : f = f\"");
        Files.writeString(defEval, recorded.replace("\"data\": \"rfl : f = f\"", "\"data\": \"rfl : f = 37\""));
        // One comparator case keeps the run short; the transcripts are all there.
        Path cases = Files.createDirectories(dir.resolve("comparator"));
        copy(FIXTURES.resolve("comparator-tests/simple_match"), cases.resolve("simple_match"));

        JarCommand run = JarCommand.run(dir, dir.resolve("tmp"), Map.of(), List.of("selftest", "--image", ServerProcess.IMAGE,
                "--transcripts", transcripts.toString(), "--comparator-tests", cases.toString()));
        assertThat(run.exit()).as("exit code; stdout: %s; stderr: %s", run.stdout(), run.stderr()).isEqualTo(ExitCodes.FAILED);
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines).contains("transcript def_eval: DIFFERS: answer 2 of 2 (to {\"cmd\":\"#check (rfl : f = 37)\",\"env\":0}): "
                + "at /messages/0/data: expected \"rfl : f = 37\", got \"rfl : f = f\"");
        assertThat(lines).filteredOn(l -> l.contains(": DIFFERS: ")).hasSize(1);
        assertThat(lines).contains("transcript term_sorry: match", "comparator simple_match: match");
        assertThat(lines).anyMatch(l -> l.matches("selftest: \\d+ match, 1 differ, \\d+ skipped \\(of 72 cases\\)"));
        assertThat(lines).anyMatch(l -> l.startsWith("selftest: the engine and this image's Lean disagree"));
        assertThat(BadInputRows.containersOf(run.pid())).as("containers left behind").isZero();
    }

    @Test
    void aMissingImageIsNamedWithTheCommandThatBuildsItAndNothingRuns() throws Exception {
        String image = "lean-sandbox/no-such-image:selftest";
        JarCommand run = JarCommand.run(dir, dir.resolve("tmp"), Map.of("LEAN_DOCKER_MCP_AUTO_BUILD", "false"),
                List.of("selftest", "--image", image));
        assertThat(run.exit()).isEqualTo(ExitCodes.UNUSABLE);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.messages()).singleElement().asString()
                .startsWith("lean-sandbox selftest: the image '" + image + "' is not in the Docker daemon at ")
                .contains("Build it: ");
    }

    @Test
    void noDockerDaemonIsNamedAsSuch() throws Exception {
        Path socket = dir.resolve("no-daemon.sock");
        JarCommand run = JarCommand.run(dir, dir.resolve("tmp"), Map.of("LEAN_DOCKER_MCP_DOCKER_HOST", "unix://" + socket),
                List.of("selftest", "--image", ServerProcess.IMAGE));
        assertThat(run.exit()).isEqualTo(ExitCodes.UNUSABLE);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.messages()).singleElement().asString()
                .startsWith("lean-sandbox selftest: cannot reach the Docker daemon at unix://" + socket);
    }

    /** A copy of the directory tree {@code from} at {@code to}, writable (the fixtures may be read-only). */
    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().setWritable(true);
                }
            }
        }
        return to;
    }
}
