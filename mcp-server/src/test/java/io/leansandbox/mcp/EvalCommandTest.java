package io.leansandbox.mcp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code eval}'s parsing and its refusals of bad usage and bad input; nothing here reaches a sandbox (the image does not exist). */
class EvalCommandTest {

    private static final String NO_IMAGE = "no-such/image:anywhere";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = LeanSandboxCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(LeanSandboxCli.withDefaultCommand(args));
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private String[] eval(Path candidates, String... more) {
        String[] base = {"eval", "--image", NO_IMAGE, "--candidates", candidates.toString(), "--out", dir.resolve("v.jsonl").toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void candidatesAndOutAreRequired() {
        assertThat(run("eval")).isEqualTo(2);
        assertThat(err.toString()).startsWith("lean-sandbox eval: Missing required options: '--candidates=C.jsonl', '--out=V.jsonl'");
    }

    @Test
    void helpNamesEveryOption() {
        assertThat(run("eval", "--help")).isZero();
        assertThat(out.toString()).contains("--problems=P.jsonl", "--candidates=C.jsonl", "--out=V.jsonl", "--summary=S.json",
                "--junit=R.xml", "--k=K", "--trust=LEVEL", "--concurrency=N", "--timeout=SECONDS", "--image=IMAGE", "--backend=BACKEND");
    }

    @Test
    void badOptionValuesAreUsageErrors() throws IOException {
        Path candidates = file("c.jsonl", "{\"custom_id\": \"a\", \"proof\": \"x\"}\n");
        assertThat(run(eval(candidates, "--trust", "platinum"))).isEqualTo(2);
        assertThat(err.toString()).contains("--trust: unknown trust level 'platinum' (one of own, fast, gold)");
        assertThat(run(eval(candidates, "--k", "1,0"))).isEqualTo(2);
        assertThat(err.toString()).contains("each k of pass@k must be at least 1, got 0");
        assertThat(run(eval(candidates, "--k", "one"))).isEqualTo(2);
        assertThat(err.toString()).contains("'one' is not an int");
        assertThat(run(eval(candidates, "--concurrency", "0"))).isEqualTo(2);
        assertThat(err.toString()).contains("--concurrency must be at least 1, got 0");
        assertThat(run(eval(candidates, "--timeout", "0"))).isEqualTo(2);
        assertThat(err.toString()).contains("--timeout must be a positive number of seconds, got 0");
        assertThat(out.toString()).isEmpty();
        assertThat(dir.resolve("v.jsonl")).doesNotExist();
    }

    @Test
    void missingAndEmptyInputFilesFailBeforeAnySandboxStarts() throws IOException {
        assertThat(run(eval(dir.resolve("none.jsonl")))).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("lean-sandbox eval: no such file: " + dir.resolve("none.jsonl") + "\n");
        Path empty = file("empty.jsonl", "");
        err.getBuffer().setLength(0);
        assertThat(run(eval(empty))).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("lean-sandbox eval: " + empty + " is empty: a candidates file holds one JSON object per line\n");
        err.getBuffer().setLength(0);
        Path candidates = file("c.jsonl", "{\"problem\": \"a\", \"proof\": \"x\"}\n");
        assertThat(run(eval(candidates, "--problems", dir.resolve("p.jsonl").toString()))).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("lean-sandbox eval: no such file: " + dir.resolve("p.jsonl") + "\n");
    }

    @Test
    void inputWithNoUsableCandidateListsEveryBadLineAndFails() throws IOException {
        Path problems = file("p.jsonl", "{\"name\": \"a\", \"formal_statement\": \"theorem a : True := by sorry\"}\n");
        Path candidates = file("c.jsonl", "{\"problem\": \"b\", \"proof\": \"trivial\"}\nnot json\n{\"problem\": \"a\"}\n");
        assertThat(run(eval(candidates, "--problems", problems.toString()))).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly(
                candidates + ":1: candidate b#0 is for problem 'b', which the problems file does not define; candidate skipped",
                candidates + ":2: not valid JSON at column 1: Unrecognized token 'not': was expecting (JSON String, Number, Array, "
                        + "Object or token 'null', 'true' or 'false'); line skipped",
                candidates + ":3: missing required field 'code' (a whole Lean file) or 'proof'; candidate skipped",
                "lean-sandbox eval: no candidate of " + candidates + " can be graded (see the lines above)");
    }

    @Test
    void aFinishedRunIsSummarizedAgainWithoutAnySandbox() throws IOException {
        Path candidates = file("c.jsonl", "{\"custom_id\": \"a\", \"proof\": \"x\"}\n{\"custom_id\": \"a\", \"proof\": \"y\"}\n");
        file("v.jsonl", """
                {"problem": "a", "attempt": 0, "verdict": "valid", "trust": "fast", "axioms": {}, "diagnostics": [], "explanation": "", "time_ms": 10}
                {"problem": "a", "attempt": 1, "verdict": "error", "trust": "fast", "axioms": {}, "diagnostics": [], "explanation": "", "time_ms": 30}
                """);
        Path summary = dir.resolve("s.json");
        Path junit = dir.resolve("r.xml");
        assertThat(run(eval(candidates, "--k", "1,2", "--summary", summary.toString(), "--junit", junit.toString()))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Graded 2 candidate(s) of 1 problem(s)", "0 this run, 2 already there (resumed)",
                "Verdicts: valid 1, sorry 0, error 1, timeout 0, memory 0, axiom_violation 0, statement_mismatch 0, kernel_rejected 0, unverified 0, infra_error 0",
                "pass@1 0.5000, pass@2 1.0000", "Check time: p50 10 ms, p95 30 ms", "Note: nothing to grade");
        assertThat(Files.readString(summary)).contains("\"candidates\" : 2", "\"skipped_by_resume\" : 2");
        assertThat(Files.readString(junit)).contains("tests=\"2\" failures=\"1\" errors=\"0\"");
    }
}
