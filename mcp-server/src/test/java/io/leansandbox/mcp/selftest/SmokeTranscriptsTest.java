package io.leansandbox.mcp.selftest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production image's build-time smoke test (docker/smoke): its transcripts are copies of the
 * vendored recordings, and its script, run here against the stand-in repl on this machine (no
 * Docker), passes on them and reports a changed recording.
 */
class SmokeTranscriptsTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path SMOKE = REPO.resolve("docker/smoke");
    private static final Path FIXTURES = REPO.resolve("fixtures/repl-transcripts");

    @TempDir
    Path dir;

    @Test
    void theSmokeTranscriptsAreCopiesOfTheVendoredRecordings() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(SMOKE.resolve("transcripts"))) {
            files = list.sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("LICENSE", "def_eval.in", "def_eval.expected.out");
        for (Path file : files) {
            assertThat(file).as("docker/smoke/transcripts/%s equals fixtures/repl-transcripts' copy", file.getFileName())
                    .hasSameBinaryContentAs(FIXTURES.resolve(file.getFileName().toString()));
        }
    }

    @Test
    void theScriptMatchesTheRecordingsAndReportsAChangedOne() throws Exception {
        Run passing = replay(SMOKE.resolve("transcripts"));
        assertThat(passing.exit()).as(passing.output()).isZero();
        assertThat(passing.output()).contains("def_eval: match", "import_lean: match", "unknown_environment: match",
                "replay-transcripts: 3 match, 0 differ (of 3)");

        Path copy = Files.createDirectories(dir.resolve("changed"));
        for (String name : List.of("def_eval.in", "def_eval.expected.out")) {
            Files.copy(SMOKE.resolve("transcripts").resolve(name), copy.resolve(name));
        }
        Path out = copy.resolve("def_eval.expected.out");
        Files.writeString(out, Files.readString(out).replace("rfl : f = f", "rfl : f = 37"));
        Run failing = replay(copy);
        assertThat(failing.exit()).as(failing.output()).isEqualTo(1);
        assertThat(failing.output()).contains("def_eval: DIFFERS: answer 2 of 2: at /messages/0/data: expected \"rfl : f = 37\", "
                + "got \"rfl : f = f\"");
    }

    private record Run(int exit, String output) {
    }

    /** The script on {@code transcripts}, against the stand-in repl replaying the vendored recordings. */
    private Run replay(Path transcripts) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", SMOKE.resolve("replay-transcripts.py").toString(),
                "--repl", "python3 " + REPO.resolve("docker/standin/bin/repl"), "--timeout", "60", transcripts.toString()));
        Path output = dir.resolve("output.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("LEAN_STANDIN_TRANSCRIPTS", FIXTURES.toString());
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the script ends").isTrue();
        return new Run(process.exitValue(), Files.readString(output));
    }
}
