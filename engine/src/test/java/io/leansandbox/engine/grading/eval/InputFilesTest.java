package io.leansandbox.engine.grading.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading problems and candidates files: shapes accepted, and every kind of bad line reported with its line number. */
class InputFilesTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private ProblemsFile twoProblems() throws IOException {
        return ProblemsFile.read(file("p.jsonl", """
                {"name": "one", "formal_statement": "theorem one : 1 = 1 := by sorry", "header": "import Mathlib\\nopen Nat", "split": "test"}
                {"name": "two", "formal_statement": "theorem two (n : Nat) : n + 0 = n := sorry"}
                """));
    }

    @Test
    void problemsKeepNameStatementAndHeader() throws IOException {
        ProblemsFile problems = twoProblems();
        assertThat(problems.issues()).isEmpty();
        assertThat(problems.problems()).containsOnlyKeys("one", "two");
        InputProblem one = problems.problems().get("one");
        assertThat(one.line()).isEqualTo(1);
        assertThat(one.statement().name()).isEqualTo("one");
        assertThat(one.statement().header()).isEqualTo("import Mathlib\nopen Nat");
        assertThat(problems.problems().get("two").statement().tactic()).isFalse();
    }

    @Test
    void badProblemLinesAreReportedAndSkipped() throws IOException {
        Path p = file("p.jsonl", """
                {"name": "ok", "formal_statement": "theorem ok : True := by"}
                not json

                [1, 2]
                {"formal_statement": "theorem x : True := by sorry"}
                {"name": "ok", "formal_statement": "theorem ok : True := by sorry"}
                {"name": "noproof", "formal_statement": "theorem noproof : True := trivial"}
                {"name": "nostatement"}
                {"name": 3, "formal_statement": "theorem y : True := by"}
                """);
        ProblemsFile problems = ProblemsFile.read(p);
        assertThat(problems.issues()).extracting(InputIssue::line).containsExactly(2, 4, 5, 6, 7, 8, 9);
        assertThat(problems.issues().get(0).toString()).startsWith(p + ":2: not valid JSON");
        assertThat(problems.issues().get(1).message()).startsWith("not a JSON object but a JSON array");
        assertThat(problems.issues().get(2).message()).isEqualTo("missing required field 'name'; problem skipped");
        assertThat(problems.issues().get(3).message()).contains("already defined at line 1");
        assertThat(problems.issues().get(4).message()).contains("bad formal_statement", "must end in ':= by sorry'");
        assertThat(problems.issues().get(6).message()).contains("'name' must be a string, got a JSON number");
        assertThat(problems.problems().get("ok").usable()).isTrue();
        assertThat(problems.problems().get("noproof").usable()).isFalse();
        assertThat(problems.problems().get("nostatement").statementError()).isEqualTo("it has no formal_statement");
    }

    @Test
    void candidatesOfCodeAndProofWithDefaultAttempts() throws IOException {
        CandidatesFile candidates = CandidatesFile.read(file("c.jsonl", """
                {"problem": "one", "code": "theorem one : 1 = 1 := rfl", "model": "m"}
                {"problem": "two", "proof": "rfl"}
                {"problem": "one", "proof": "rfl"}
                {"problem": "one", "attempt": 7, "proof": "by rfl"}
                """), twoProblems());
        assertThat(candidates.issues()).isEmpty();
        assertThat(candidates.candidates()).extracting(c -> c.key().toString()).containsExactly("one#0", "two#0", "one#1", "one#7");
        Candidate code = candidates.candidates().get(0);
        assertThat(code.completesStatement()).isFalse();
        assertThat(code.statement().name()).isEqualTo("one");
        assertThat(code.submission(1000).source().text()).isEqualTo("theorem one : 1 = 1 := rfl");
        Candidate proof = candidates.candidates().get(2);
        assertThat(proof.completesStatement()).isTrue();
        assertThat(proof.submission(1000).source().text()).isEqualTo("import Mathlib\nopen Nat\n\ntheorem one : 1 = 1 := by\n  rfl\n");
        assertThat(proof.submission(1000).candidateText()).isEqualTo("rfl");
    }

    @Test
    void kiminaShapeWithoutProblemsIsAWholeFileWithoutStatement() throws IOException {
        CandidatesFile candidates = CandidatesFile.read(file("k.jsonl", """
                {"custom_id": "a-1", "proof": "import Mathlib\\ntheorem t : True := trivial"}
                {"custom_id": "a-2", "proof": "theorem t : True := trivial"}
                {"problem": "b", "code": "theorem u : True := trivial"}
                """), null);
        assertThat(candidates.issues()).isEmpty();
        assertThat(candidates.candidates()).extracting(c -> c.key().toString()).containsExactly("a-1#0", "a-2#0", "b#0");
        assertThat(candidates.candidates()).allSatisfy(c -> {
            assertThat(c.statement()).isNull();
            assertThat(c.completesStatement()).isFalse();
        });
        assertThat(candidates.candidates().get(0).submission(1000).source().text()).startsWith("import Mathlib\n");
    }

    @Test
    void badCandidateLinesAreReportedWithTheirLineAndSkipped() throws IOException {
        Path c = file("c.jsonl", """
                {"problem": "one", "proof": "rfl"}
                {"problem": "one", "attempt": 0, "proof": "rfl"}
                {"problem": "three", "proof": "rfl"}
                {"problem": "one"}
                {"proof": "rfl"}
                {"problem": "one", "code": "x", "proof": "y"}
                {"problem": "one", "attempt": -1, "proof": "rfl"}
                {"problem": "one", "attempt": "2", "proof": "rfl"}
                {"problem": "one", "proof": "rfl"
                {"problem": "two", "proof": "rfl", "proof": "rfl"}
                {"problem": "two", "proof": "rfl"}
                """);
        CandidatesFile candidates = CandidatesFile.read(c, twoProblems());
        assertThat(candidates.candidates()).extracting(x -> x.key().toString()).containsExactly("one#0", "two#0");
        assertThat(candidates.issues()).extracting(InputIssue::line).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(candidates.issues()).extracting(InputIssue::message).satisfiesExactly(
                m -> assertThat(m).isEqualTo("duplicate candidate one#0 (first at line 1); this one is skipped"),
                m -> assertThat(m).contains("problem 'three', which the problems file does not define"),
                m -> assertThat(m).startsWith("missing required field 'code' (a whole Lean file) or 'proof'"),
                m -> assertThat(m).startsWith("missing required field 'problem'"),
                m -> assertThat(m).startsWith("both 'code' and 'proof' are given"),
                m -> assertThat(m).startsWith("'attempt' must be a whole number from 0 up, got -1"),
                m -> assertThat(m).startsWith("'attempt' must be a whole number from 0 up, got \"2\""),
                m -> assertThat(m).startsWith("not valid JSON at column ").contains("Unexpected end-of-input").doesNotContain("Source")
                        .endsWith("; line skipped"),
                m -> assertThat(m).startsWith("not valid JSON").contains("Duplicate field 'proof'"));
        assertThat(candidates.issues().get(0).file()).isEqualTo(c.toString());
    }

    @Test
    void candidatesOfAProblemWithABadStatementAreSkippedWithTheReason() throws IOException {
        ProblemsFile problems = ProblemsFile.read(file("p.jsonl", """
                {"name": "bad", "formal_statement": "def bad : Nat := 1"}
                """));
        CandidatesFile candidates = CandidatesFile.read(file("c.jsonl", """
                {"problem": "bad", "proof": "rfl"}
                """), problems);
        assertThat(candidates.candidates()).isEmpty();
        assertThat(candidates.issues()).singleElement().satisfies(i -> assertThat(i.message())
                .isEqualTo("candidate bad#0 skipped: problem 'bad' (problems file line 1) cannot be graded: its formal_statement is bad: "
                        + "the formal statement declares no theorem or lemma"));
    }

    @Test
    void emptyMissingAndNonUtf8FilesAreClearErrors() throws IOException {
        Path empty = file("empty.jsonl", "\n  \n");
        assertThatThrownBy(() -> ProblemsFile.read(empty)).isInstanceOf(EvalInputException.class)
                .hasMessage(empty + " is empty: a problems file holds one JSON object per line");
        assertThatThrownBy(() -> CandidatesFile.read(empty, null)).hasMessage(empty + " is empty: a candidates file holds one JSON object per line");
        assertThatThrownBy(() -> CandidatesFile.read(dir.resolve("none.jsonl"), null)).isInstanceOf(EvalInputException.class)
                .hasMessage("no such file: " + dir.resolve("none.jsonl"));
        Path latin1 = Files.write(dir.resolve("latin1.jsonl"), new byte[] {'{', '}', '\n', '"', (byte) 0xE9, '"', '\n'});
        assertThatThrownBy(() -> CandidatesFile.read(latin1, null)).isInstanceOf(EvalInputException.class)
                .hasMessageContaining("is not valid UTF-8");
        assertThatThrownBy(() -> CandidatesFile.read(dir, null)).hasMessageContaining("is a directory");
    }

    @Test
    void aByteOrderMarkIsIgnored() throws IOException {
        CandidatesFile candidates = CandidatesFile.read(file("bom.jsonl", "\uFEFF{\"custom_id\": \"a\", \"proof\": \"x\"}\n"), null);
        assertThat(candidates.issues()).isEmpty();
        assertThat(candidates.candidates()).hasSize(1);
    }
}
