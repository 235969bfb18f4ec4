package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lean-sandbox eval} end to end: the shaded jar as a subprocess, the Docker daemon and the
 * stand-in image. The stand-in does not elaborate Lean, so the verdicts here come from its
 * directives, never from what the code says: {@code say error} makes Lean's answer carry an error;
 * {@code axioms NAME A} declares what {@code #print axioms NAME} answers. A candidate without
 * directives gets the stand-in's default answer, in which grading finds no axioms: unverified.
 */
class EvalIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Exit(int code, String stdout, String stderr) {
    }

    private Exit eval(String... args) throws IOException, InterruptedException {
        assertThat(ServerProcess.JAR).as("the shaded jar (built in the package phase)").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ServerProcess.JAR.toAbsolutePath().toString(), "eval", "--image", ServerProcess.IMAGE, "--timeout", "20"));
        command.addAll(List.of(args));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("eval ends").isTrue();
        return new Exit(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    @Test
    void gradesABatchAppendsOneLineEachSummarizesAndResumes() throws Exception {
        Path problems = Files.writeString(dir.resolve("problems.jsonl"), """
                {"name": "p1", "formal_statement": "theorem p1 : True := by sorry", "split": "test"}
                {"name": "p2", "formal_statement": "theorem p2 (n : Nat) : n = n := by sorry"}
                """);
        Path candidates = Files.writeString(dir.resolve("candidates.jsonl"), """
                {"problem": "p1", "code": "--! standin: axioms p1 propext\\ntheorem p1 : True := trivial"}
                {"problem": "p1", "proof": "trivial"}
                {"problem": "p2", "code": "--! standin: say error unsolved goals\\ntheorem p2 (n : Nat) : n = n := rfl"}
                {"problem": "p2", "proof": "rfl"
                {"problem": "p3", "proof": "rfl"}
                """);
        Path out = dir.resolve("verdicts.jsonl");
        Path summary = dir.resolve("summary.json");
        Path junit = dir.resolve("junit.xml");
        String[] args = {"--problems", problems.toString(), "--candidates", candidates.toString(), "--out", out.toString(),
                "--summary", summary.toString(), "--junit", junit.toString(), "--k", "1,2", "--trust", "fast", "--concurrency", "2"};

        Exit first = eval(args);
        assertThat(first.code()).as("exit code; stderr: %s", first.stderr()).isZero();
        assertThat(first.stderr()).contains(candidates + ":4: not valid JSON", candidates + ":5: candidate p3#0 is for problem 'p3'");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            lines.add(JSON.readTree(line));
        }
        Map<String, String> verdicts = new HashMap<>();
        lines.forEach(l -> verdicts.put(l.get("problem").asText() + "#" + l.get("attempt").asInt(), l.get("verdict").asText()));
        assertThat(verdicts).containsOnlyKeys("p1#0", "p1#1", "p2#0");
        // The axioms directive answers the probe's #print axioms p1: no error, no sorry, propext allowed.
        assertThat(verdicts.get("p1#0")).isEqualTo("valid");
        assertThat(verdicts.get("p1#1")).as("no directives: never valid").isEqualTo("unverified");
        assertThat(verdicts.get("p2#0")).isEqualTo("error");
        assertThat(lines).allSatisfy(l -> assertThat(l.get("trust").asText()).isEqualTo("fast"));
        JsonNode valid = lines.stream().filter(l -> l.get("problem").asText().equals("p1") && l.get("attempt").asInt() == 0)
                .findFirst().orElseThrow();
        assertThat(valid.get("axioms").toString()).isEqualTo("{\"p1\":[\"propext\"]}");
        JsonNode error = lines.stream().filter(l -> l.get("problem").asText().equals("p2")).findFirst().orElseThrow();
        assertThat(error.get("diagnostics").get(0).get("severity").asText()).isEqualTo("error");
        assertThat(error.get("diagnostics").get(0).get("line").asInt()).isEqualTo(1);

        assertThat(first.stdout()).contains("Graded 3 candidate(s) of 2 problem(s)", "3 this run", "Trust: fast this run");
        JsonNode s = JSON.readTree(summary.toFile());
        assertThat(s.get("candidates").asInt()).isEqualTo(3);
        assertThat(s.at("/verdicts/error").asInt()).isEqualTo(1);
        assertThat(s.at("/verdicts/valid").asInt()).isEqualTo(1);
        assertThat(s.get("problems_solved").asInt()).isEqualTo(1);
        // p1: n=2, c=1: pass@1 = 0.5, pass@2 = 1; p2: n=1, c=0.
        assertThat(s.at("/pass_at_k/1").asDouble()).isEqualTo(0.25);
        assertThat(s.at("/pass_at_k/2").asDouble()).isEqualTo(0.5);
        assertThat(s.at("/verdicts/infra_error").asInt()).isZero();
        assertThat(s.get("issues").size()).isEqualTo(2);
        assertThat(Files.readString(junit)).contains("tests=\"3\"", "<testcase name=\"p2#0\" classname=\"p2\"", "<failure type=\"error\"");

        Exit again = eval(args);
        assertThat(again.code()).as("exit code; stderr: %s", again.stderr()).isZero();
        assertThat(Files.readAllLines(out)).as("nothing graded twice").hasSize(3);
        assertThat(again.stdout()).contains("0 this run, 3 already there (resumed)", "Note: nothing to grade");
        JsonNode resumed = JSON.readTree(summary.toFile());
        assertThat(resumed.get("verdicts")).isEqualTo(s.get("verdicts"));
        assertThat(resumed.get("pass_at_k")).isEqualTo(s.get("pass_at_k"));
    }

    @Test
    void aKilledRunLosesOnlyWhatWasInFlightAndTheRerunGradesTheRest() throws Exception {
        int count = 12;
        StringBuilder problems = new StringBuilder();
        StringBuilder candidates = new StringBuilder();
        for (int i = 0; i < count; i++) {
            problems.append("{\"name\": \"k").append(i).append("\", \"formal_statement\": \"theorem k").append(i)
                    .append(" : True := by sorry\"}\n");
            // Each check takes 700 ms (stand-in sleep); its probe's axioms are declared, so it is valid.
            candidates.append("{\"problem\": \"k").append(i).append("\", \"proof\": \"trivial\\n  --! standin: sleep 700")
                    .append("\\n  --! standin: axioms k").append(i).append("\"}\n");
        }
        Path p = Files.writeString(dir.resolve("problems.jsonl"), problems);
        Path c = Files.writeString(dir.resolve("candidates.jsonl"), candidates);
        Path out = dir.resolve("verdicts.jsonl");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ServerProcess.JAR.toAbsolutePath().toString(), "eval", "--image", ServerProcess.IMAGE, "--timeout", "20",
                "--problems", p.toString(), "--candidates", c.toString(), "--out", out.toString(), "--trust", "fast",
                "--concurrency", "2"));
        Process killed = new ProcessBuilder(command).redirectOutput(dir.resolve("killed.out").toFile())
                .redirectError(dir.resolve("killed.err").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while ((!Files.exists(out) || Files.readAllLines(out).size() < 3) && System.nanoTime() < deadline && killed.isAlive()) {
            Thread.sleep(50);
        }
        assertThat(killed.isAlive()).as("still grading when killed; stderr: %s", Files.readString(dir.resolve("killed.err"))).isTrue();
        killed.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int before = Files.readAllLines(out).size();
        assertThat(before).isBetween(3, count - 1);

        Exit rerun = eval("--problems", p.toString(), "--candidates", c.toString(), "--out", out.toString(), "--trust", "fast",
                "--concurrency", "2");
        assertThat(rerun.code()).as("exit code; stderr: %s", rerun.stderr()).isZero();
        List<String> keys = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode l = JSON.readTree(line);
            keys.add(l.get("problem").asText() + "#" + l.get("attempt").asInt());
            assertThat(l.get("verdict").asText()).as(line).isEqualTo("valid");
        }
        assertThat(keys).as("nothing graded twice, nothing lost").doesNotHaveDuplicates().hasSize(count);
        assertThat(rerun.stdout()).contains((count - before) + " this run", before + " already there (resumed)");
        // The killed JVM's sandboxes: its reaper removed them, else the rerun's engine when it started (owner
        // labels, dead pid). Only the killed JVM's: this test JVM's own engines may hold containers meanwhile.
        Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=io.leansandbox.pid=" + killed.pid()).start();
        assertThat(new String(ps.getInputStream().readAllBytes()).strip()).as("containers left behind").isEmpty();
    }
}
