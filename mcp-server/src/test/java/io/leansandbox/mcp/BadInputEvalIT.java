package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad lines in the JSONL files of the jar's {@code eval} command: one run over a problems file and a
 * candidates file full of them, with two good candidates among them, against the Docker daemon and
 * the stand-in image. Each bad line is named on stderr as {@code FILE:LINE: what is wrong} and
 * skipped; the good candidates are graded and their results written; the exit code is 0 (every
 * candidate that could be graded got a verdict). Files that cannot be used at all end the run with
 * exit code 2 before any sandbox starts.
 *
 * <p>The stand-in does not elaborate Lean: the valid verdict comes from its {@code axioms}
 * directive, which answers the grading probe's {@code #print axioms} (see EvalIT).
 */
class BadInputEvalIT {

    private static final String CATEGORY = "bad input (eval JSONL)";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static BadInputRows rows;
    private static JarCommand eval;
    private static List<JsonNode> results;
    private static Path problems;
    private static Path candidates;

    @BeforeAll
    static void gradeTheMessyBatch() throws Exception {
        rows = new BadInputRows("bad-input-eval");
        problems = Files.writeString(dir.resolve("problems.jsonl"), String.join("\n",
                "{\"name\": \"p1\", \"formal_statement\": \"theorem p1 : True := by sorry\"}",
                "{\"name\": \"p1\", \"formal_statement\": \"theorem p1 : False := by sorry\"}",
                "{\"name\": \"p2\"}",
                "{\"formal_statement\": \"theorem p3 : True := by sorry\"}",
                "{\"name\": \"p4\", \"formal_statement\": \"theorem p4 : True := trivial\"}") + "\n");
        List<String> lines = List.of(
                "this is not JSON",                                                                        // 1
                "{\"problem\": \"nope\", \"proof\": \"trivial\"}",                                            // 2
                "{\"problem\": \"p1\", \"attempt\": 0, \"proof\": \"trivial\\n  --! standin: axioms p1\"}",  // 3: graded, valid
                "{\"problem\": \"p1\", \"attempt\": 0, \"proof\": \"trivial\"}",                              // 4
                "{\"proof\": \"trivial\"}",                                                                 // 5
                "{\"problem\": \"p1\", \"attempt\": 2}",                                                    // 6
                JSON.writeValueAsString(Map.of("problem", "p1", "attempt", 1, "proof", "trivial -- " + "x".repeat(3 << 20))), // 7: graded, unverified
                "{\"problem\": \"p2\", \"proof\": \"trivial\"}",                                            // 8
                "[\"p1\", \"trivial\"]",                                                                    // 9
                "{\"problem\": \"p1\", \"attempt\": 3, \"proof\": 5}",                                      // 10
                "{\"problem\": \"p1\", \"attempt\": -1, \"proof\": \"trivial\"}",                             // 11
                "{\"problem\": \"p1\", \"attempt\": 4, \"code\": \"x\", \"proof\": \"trivial\"}",               // 12
                "{\"problem\": \"p1\", \"attempt\": 5, \"proof\": \"trivial\", \"attempt\": 6}",               // 13
                "{\"problem\": \"p4\", \"proof\": \"trivial\"}");                                           // 14
        candidates = Files.writeString(dir.resolve("candidates.jsonl"), String.join("\n", lines) + "\n");
        eval = JarCommand.run(dir, dir.resolve("tmp"), Map.of(), List.of("eval", "--image", ServerProcess.IMAGE, "--timeout", "20",
                "--problems", problems.toString(), "--candidates", candidates.toString(), "--out", dir.resolve("out.jsonl").toString(),
                "--summary", dir.resolve("summary.json").toString(), "--trust", "fast", "--concurrency", "1"));
        results = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("out.jsonl"))) {
            results.add(JSON.readTree(line));
        }
    }

    @AfterAll
    static void nothingLeftBehind() throws Exception {
        try {
            int left = BadInputRows.containersOf(eval.pid());
            rows.leaked("eval over a candidates file of bad lines", left);
            rows.lost("eval over a candidates file of bad lines (gradable candidates without a result line)", 2 - results.size());
            assertThat(left).isZero();
            assertThat(results).hasSize(2);
            assertThat(BadInputRows.leftIn(dir.resolve("tmp"))).as("temporary files left by eval").isEmpty();
        } finally {
            rows.close();
        }
    }

    @Test
    void aLineThatIsNotJson() throws Exception {
        skipped(candidates, 1, "candidates: a line that is not JSON", "not valid JSON at column 1: Unrecognized token 'this'");
    }

    @Test
    void aCandidateForAnUnknownProblem() throws Exception {
        skipped(candidates, 2, "candidates: a candidate for an unknown problem",
                "candidate nope#0 is for problem 'nope', which the problems file does not define; candidate skipped");
    }

    @Test
    void aDuplicateCandidate() throws Exception {
        skipped(candidates, 4, "candidates: the same problem and attempt twice", "duplicate candidate p1#0 (first at line 3); this one is skipped");
    }

    @Test
    void aCandidateWithoutItsProblem() throws Exception {
        skipped(candidates, 5, "candidates: a line without 'problem'", "missing required field 'problem'; candidate skipped");
    }

    @Test
    void aCandidateWithoutCodeOrProof() throws Exception {
        skipped(candidates, 6, "candidates: a line without 'code' or 'proof'", "missing required field 'code' (a whole Lean file) or 'proof'");
    }

    @Test
    void aCandidateForAProblemWithoutAStatement() throws Exception {
        skipped(candidates, 8, "candidates: a candidate for a problem without formal_statement",
                "candidate p2#0 skipped: problem 'p2' (problems file line 3) cannot be graded: it has no formal_statement");
    }

    @Test
    void aLineThatIsAnArray() throws Exception {
        skipped(candidates, 9, "candidates: a JSON array, not an object", "not a JSON object but a JSON array; line skipped");
    }

    @Test
    void aProofThatIsANumber() throws Exception {
        skipped(candidates, 10, "candidates: 'proof' a number", "'proof' must be a string, got a JSON number; candidate skipped");
    }

    @Test
    void aNegativeAttempt() throws Exception {
        skipped(candidates, 11, "candidates: attempt -1", "'attempt' must be a whole number from 0 up, got -1; candidate skipped");
    }

    @Test
    void bothCodeAndProof() throws Exception {
        skipped(candidates, 12, "candidates: both 'code' and 'proof'", "both 'code' and 'proof' are given; give one");
    }

    @Test
    void aKeyGivenTwice() throws Exception {
        skipped(candidates, 13, "candidates: a key given twice on one line", "Duplicate field 'attempt'");
    }

    @Test
    void aStatementThatIsNoSorryStub() throws Exception {
        skipped(problems, 5, "problems: a formal_statement that is not a `:= by sorry` stub", "problem 'p4': bad formal_statement");
    }

    @Test
    void aDuplicateProblem() throws Exception {
        skipped(problems, 2, "problems: the same problem name twice", "problem 'p1' is already defined at line 1; this one is skipped");
    }

    @Test
    void aProblemWithoutAName() throws Exception {
        skipped(problems, 4, "problems: a line without 'name'", "missing required field 'name'; problem skipped");
    }

    @Test
    void aHugeLine() throws Exception {
        JsonNode huge = results.stream().filter(r -> r.get("attempt").asInt() == 1).findFirst().orElseThrow();
        rows.tried(CATEGORY, "candidates: a 3 MiB line (a proof over max_source_bytes)",
                huge.get("verdict").asText() + ": " + huge.get("explanation").asText(), () -> {
                    assertThat(huge.get("verdict").asText()).isEqualTo("unverified");
                    assertThat(huge.get("explanation").asText()).contains("over the limit of 1048576 (setting max_source_bytes)");
                    theRunWentOn();
                });
    }

    @Test
    void theGoodCandidatesAreGraded() throws Exception {
        JsonNode valid = results.stream().filter(r -> r.get("attempt").asInt() == 0).findFirst().orElseThrow();
        rows.tried(CATEGORY, "candidates: 14 lines, 12 of them bad: the 2 others graded",
                "exit " + eval.exit() + "; " + results.size() + " result lines; p1#0 " + valid.get("verdict").asText(), () -> {
                    assertThat(valid.get("verdict").asText()).isEqualTo("valid");
                    theRunWentOn();
                });
    }

    @Test
    void anEmptyCandidatesFile() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
        JarCommand run = evalOf(empty, "empty-out.jsonl");
        rows.tried(CATEGORY, "candidates: an empty file", BadInputRows.shorten("exit " + run.exit() + ": " + lastMessage(run)), () -> {
            assertUnusable(run, "lean-sandbox eval: " + empty + " is empty: a candidates file holds one JSON object per line");
            assertThat(dir.resolve("empty-out.jsonl")).as("no results file for a run that graded nothing").doesNotExist();
        });
    }

    @Test
    void aCandidatesFileOfBlankLines() throws Exception {
        Path blank = Files.writeString(dir.resolve("blank.jsonl"), "\n  \n\t\n");
        JarCommand run = evalOf(blank, "blank-out.jsonl");
        rows.tried(CATEGORY, "candidates: a file of blank lines", BadInputRows.shorten("exit " + run.exit() + ": " + lastMessage(run)),
                () -> assertUnusable(run, "lean-sandbox eval: " + blank + " is empty"));
    }

    @Test
    void aCandidatesFileThatDoesNotExist() throws Exception {
        Path missing = dir.resolve("missing.jsonl");
        JarCommand run = evalOf(missing, "missing-out.jsonl");
        rows.tried(CATEGORY, "candidates: a file that does not exist", BadInputRows.shorten("exit " + run.exit() + ": " + lastMessage(run)),
                () -> assertUnusable(run, "lean-sandbox eval: no such file: " + missing));
    }

    @Test
    void aCandidatesFileThatIsNotUtf8() throws Exception {
        Path latin1 = dir.resolve("latin1.jsonl");
        Files.write(latin1, "{\"problem\": \"p1\", \"proof\": \"caf\u00e9\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        JarCommand run = evalOf(latin1, "latin1-out.jsonl");
        rows.tried(CATEGORY, "candidates: a Latin-1 file (not UTF-8)", BadInputRows.shorten("exit " + run.exit() + ": " + lastMessage(run)),
                () -> assertUnusable(run, "lean-sandbox eval: " + latin1 + " is not valid UTF-8 (near line 1)"));
    }

    @Test
    void aCandidatesFileWithNothingGradable() throws Exception {
        Path bad = Files.writeString(dir.resolve("nothing.jsonl"), "nope\n{\"problem\": \"zz\", \"proof\": \"trivial\"}\n");
        JarCommand run = evalOf(bad, "nothing-out.jsonl");
        rows.tried(CATEGORY, "candidates: every line bad", BadInputRows.shorten("exit " + run.exit() + ": " + lastMessage(run)), () -> {
            assertThat(run.messages()).contains(bad + ":1: not valid JSON at column 1: Unrecognized token 'nope': was expecting "
                    + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false'); line skipped");
            assertUnusable(run, "lean-sandbox eval: no candidate of " + bad + " can be graded (see the lines above)");
        });
    }

    // --- helpers ---------------------------------------------------------------------------------------

    /** The line {@code number} of {@code file} is named on stderr and skipped, and the run went on. */
    private static void skipped(Path file, int number, String check, String message) throws Exception {
        String prefix = file + ":" + number + ": ";
        String said = eval.messages().stream().filter(line -> line.startsWith(prefix)).findFirst().orElse("(nothing said)");
        rows.tried(CATEGORY, check, said.startsWith(prefix) ? "skipped: " + said.substring(prefix.length()) : said, () -> {
            assertThat(said).as("stderr: %s", eval.stderr()).startsWith(prefix).contains(message);
            theRunWentOn();
        });
    }

    /** Exit code 0, the two gradable candidates graded (each once), the summary counting every skipped line. */
    private static void theRunWentOn() throws Exception {
        assertThat(eval.exit()).as("exit code; stderr: %s", eval.stderr()).isZero();
        assertThat(eval.stderr()).doesNotContain("Exception", "\tat ");
        assertThat(results).extracting(r -> r.get("problem").asText() + "#" + r.get("attempt").asInt()).containsExactly("p1#0", "p1#1");
        JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.get("issues")).as("every bad line is listed in the summary").hasSize(16);
    }

    private static JarCommand evalOf(Path candidatesFile, String out) throws Exception {
        return JarCommand.run(dir, dir.resolve("tmp"), Map.of(), List.of("eval", "--image", ServerProcess.IMAGE,
                "--problems", problems.toString(), "--candidates", candidatesFile.toString(), "--out", dir.resolve(out).toString()));
    }

    private static String lastMessage(JarCommand run) {
        List<String> messages = run.messages();
        // Files by their names: the temporary directory's path says nothing.
        return (messages.isEmpty() ? "(nothing on stderr)" : messages.get(messages.size() - 1)).replace(dir + "/", "");
    }

    /** Exit code 2 with {@code message} as the last line on stderr, before any sandbox started. */
    private static void assertUnusable(JarCommand run, String message) throws Exception {
        assertThat(run.exit()).as("exit code; stderr: %s", run.stderr()).isEqualTo(2);
        assertThat(run.messages()).isNotEmpty();
        assertThat(run.messages().get(run.messages().size() - 1)).startsWith(message);
        assertThat(run.stderr()).doesNotContain("\tat ");
        assertThat(run.stdout()).isEmpty();
        assertThat(BadInputRows.containersOf(run.pid())).isZero();
    }
}
