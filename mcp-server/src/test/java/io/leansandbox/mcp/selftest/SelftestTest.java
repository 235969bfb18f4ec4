package io.leansandbox.mcp.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.grading.AxiomPolicy;
import io.leansandbox.engine.grading.Challenge;
import io.leansandbox.engine.grading.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The self-test's reading, comparing and skipping, without Docker (a {@link FakeLean} answers). */
class SelftestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static RecordedTranscript transcript(String name, List<String> commands, List<String> answers) {
        return new RecordedTranscript(name, commands.stream().map(SelftestTest::json).toList(), answers.stream().map(SelftestTest::json).toList(),
                null);
    }

    /** A REPL that gives {@code t}'s recorded answers to {@code t}'s commands and {@code otherwise} to anything else. */
    private static Function<List<JsonNode>, String> replaying(List<RecordedTranscript> ts, Function<List<JsonNode>, String> otherwise) {
        return history -> {
            for (RecordedTranscript t : ts) {
                if (history.size() <= t.commands().size() && t.commands().subList(0, history.size()).equals(history)) {
                    return t.answers().get(history.size() - 1).toString();
                }
            }
            return otherwise.apply(history);
        };
    }

    private static SelftestSummary run(FakeLean lean, List<RecordedTranscript> ts, List<ComparatorCase> cases) {
        List<CaseResult> seen = new ArrayList<>();
        SelftestSummary summary = new Selftest(lean, 3).run(new SelftestPlan(ts, cases), seen::add);
        assertThat(seen).as("reported one by one, in order").isEqualTo(summary.results());
        return summary;
    }

    private static final RecordedTranscript DEF_EVAL = transcript("def_eval",
            List.of("{\"cmd\": \"def f := 37\"}", "{\"cmd\": \"#check (rfl : f = 37)\", \"env\": 0}"),
            List.of("{\"env\": 0}", "{\"messages\": [{\"severity\": \"info\", \"pos\": {\"line\": 1, \"column\": 0}, "
                    + "\"endPos\": {\"line\": 1, \"column\": 6}, \"data\": \"rfl : f = f\"}], \"env\": 1}"));

    @Test
    void readsTranscriptsAsTheReplReadsThemAndLeavesOutThoseWithoutAnswers() throws IOException {
        Files.writeString(dir.resolve("a.in"), "{\"cmd\": \"theorem foo : 1 = 1 := by\nsorry\"}\n\n-- a comment, never answered\n\n"
                + "{\"cmd\" : \"def g := 1\",\n \"env\": 0}\n");
        Files.writeString(dir.resolve("a.expected.out"), "{\"env\": 0}\n\n{\"env\":\n 1}\n\n");
        Files.writeString(dir.resolve("unanswered.in"), "{\"cmd\": \"def f := 1\"}\n");
        Files.createDirectories(dir.resolve("Mathlib/test"));
        Files.writeString(dir.resolve("Mathlib/test/m.in"), "{\"cmd\": \"not json\n");
        Files.writeString(dir.resolve("Mathlib/test/m.expected.out"), "{\"env\": 0}\n\n{\"env\": 1}\n");

        List<RecordedTranscript> ts = new TranscriptFiles(JSON).load(dir);

        assertThat(ts).extracting(RecordedTranscript::name).containsExactly("Mathlib/test/m", "a");
        RecordedTranscript a = ts.get(1);
        assertThat(a.commands()).containsExactly(json("{\"cmd\": \"theorem foo : 1 = 1 := bysorry\"}"), json("{\"cmd\": \"def g := 1\", \"env\": 0}"));
        assertThat(a.answers()).containsExactly(json("{\"env\": 0}"), json("{\"env\": 1}"));
        assertThat(a.problem()).isNull();
        assertThat(ts.get(0).problem()).isEqualTo("command 1 is not JSON (the engine sends JSON commands only); "
                + "the recording has 1 command(s) but 2 answer(s)");
        assertThat(TranscriptNeeds.unreplayable(ts.get(0))).hasValueSatisfying(why -> assertThat(why).startsWith("the recording cannot be replayed"));
        assertThat(TranscriptNeeds.mathlib(ts.get(0))).isTrue();
        assertThat(TranscriptNeeds.mathlib(a)).isFalse();
    }

    @Test
    void aTranscriptMatchesOnlyWhenEveryAnswerEqualsTheRecordedOneAsJson() {
        RecordedTranscript reordered = transcript("reordered", List.of("{\"cmd\": \"def h := 2\"}"), List.of("{\"env\": 0, \"messages\": []}"));
        FakeLean lean = new FakeLean(replaying(List.of(DEF_EVAL), h -> "{\"messages\": [], \"env\": 0}"), false, Map.of());

        SelftestSummary summary = run(lean, List.of(DEF_EVAL, reordered), List.of());

        assertThat(summary.results()).extracting(CaseResult::line).containsExactly("transcript def_eval: match", "transcript reordered: match");
        assertThat(summary.allMatch()).isTrue();
        assertThat(lean.replsOpened.get()).as("a fresh REPL per transcript").isEqualTo(2);
        assertThat(lean.replsClosed.get()).isEqualTo(2);
    }

    @Test
    void theFirstDifferingAnswerIsReportedWithWhereItDiffers() {
        FakeLean lean = new FakeLean(history -> history.size() == 1 ? "{\"env\": 0}"
                : "{\"messages\": [{\"severity\": \"info\", \"pos\": {\"line\": 1, \"column\": 0}, \"endPos\": {\"line\": 1, \"column\": 6}, "
                + "\"data\": \"rfl : f = 37\"}], \"env\": 1}", false, Map.of());

        SelftestSummary summary = run(lean, List.of(DEF_EVAL), List.of());

        assertThat(summary.results()).extracting(CaseResult::line).containsExactly("transcript def_eval: DIFFERS: answer 2 of 2 "
                + "(to {\"cmd\":\"#check (rfl : f = 37)\",\"env\":0}): at /messages/0/data: expected \"rfl : f = f\", got \"rfl : f = 37\"");
        assertThat(summary.allMatch()).isFalse();
    }

    @Test
    void anAnswerThatNeverCameIsADifference() {
        FakeLean lean = new FakeLean(history -> history.size() == 1 ? "{\"env\": 0}" : null, false, Map.of());

        CaseResult result = run(lean, List.of(DEF_EVAL), List.of()).results().get(0);

        assertThat(result.outcome()).isEqualTo(CaseResult.Outcome.DIFFERS);
        assertThat(result.detail()).startsWith("answer 2 of 2 (to {\"cmd\":\"#check (rfl : f = 37)\",\"env\":0}): no answer, the REPL ended: ");
    }

    @Test
    void mathlibTranscriptsAreSkippedWhenTheImageAnswersImportMathlibWithAnError() {
        RecordedTranscript exact = transcript("Mathlib/test/exact", List.of("{\"cmd\": \"import Mathlib\"}"), List.of("{\"env\": 0}"));
        RecordedTranscript imports = transcript("mine", List.of("{\"cmd\": \"import Lean\\nimport Mathlib.Tactic\"}"), List.of("{\"env\": 0}"));
        FakeLean lean = new FakeLean(replaying(List.of(DEF_EVAL), h -> h.get(0).path("cmd").asText().contains("Mathlib")
                ? "{\"messages\": [{\"severity\": \"error\", \"pos\": {\"line\": 1, \"column\": 0}, "
                + "\"data\": \"unknown module prefix 'Mathlib'\\n\\nNo directory 'Mathlib' or file 'Mathlib.olean'\"}], \"env\": 0}"
                : "{\"env\": 0}"), false, Map.of());

        SelftestSummary summary = run(lean, List.of(exact, DEF_EVAL, imports), List.of());

        assertThat(summary.results()).extracting(CaseResult::line).containsExactly(
                "transcript Mathlib/test/exact: skipped (image has no Mathlib: import Mathlib: unknown module prefix 'Mathlib')",
                "transcript def_eval: match",
                "transcript mine: skipped (image has no Mathlib: import Mathlib: unknown module prefix 'Mathlib')");
        assertThat(summary.notes()).singleElement().asString().startsWith("Mathlib: no (import Mathlib: unknown module prefix 'Mathlib')");
        assertThat(summary.allMatch()).isTrue();
        assertThat(lean.replsOpened.get()).as("one probe, one replay").isEqualTo(2);
    }

    @Test
    void aMathlibThatFailsOtherwiseIsNoMissingMathlib() {
        // An import that fails for another reason (here: out of memory) is a Mathlib that does not work: its
        // transcripts run and differ, never skipped as if the image had none.
        RecordedTranscript exact = transcript("Mathlib/test/exact", List.of("{\"cmd\": \"import Mathlib\"}"), List.of("{\"env\": 0}"));
        FakeLean lean = new FakeLean(replaying(List.of(), h -> "{\"messages\": [{\"severity\": \"error\", \"pos\": {\"line\": 1, "
                + "\"column\": 0}, \"data\": \"(kernel) out of memory\"}], \"env\": 0}"), false, Map.of());

        SelftestSummary summary = run(lean, List.of(exact), List.of());

        assertThat(summary.results()).extracting(CaseResult::outcome).containsExactly(CaseResult.Outcome.DIFFERS);
        assertThat(summary.allMatch()).isFalse();
    }

    @Test
    void mathlibTranscriptsRunWhenTheImageImportsMathlibAndTheProbeIsNotMadeWhenNoneNeedsIt() {
        RecordedTranscript exact = transcript("Mathlib/test/exact", List.of("{\"cmd\": \"import Mathlib\"}"), List.of("{\"env\": 0}"));
        FakeLean lean = new FakeLean(h -> "{\"env\": 0}", false, Map.of());
        SelftestSummary summary = run(lean, List.of(exact), List.of());
        assertThat(summary.results()).extracting(CaseResult::line).containsExactly("transcript Mathlib/test/exact: match");
        assertThat(summary.notes()).singleElement().asString().startsWith("Mathlib: yes");

        FakeLean without = new FakeLean(replaying(List.of(DEF_EVAL), h -> null), false, Map.of());
        assertThat(run(without, List.of(DEF_EVAL), List.of()).notes()).isEmpty();
        assertThat(without.replsOpened.get()).isEqualTo(1);
    }

    @Test
    void relativeFilePathsAreSkippedAndAbsoluteOnesReplayed() {
        RecordedTranscript relative = transcript("pickle_open", List.of("{\"cmd\": \"def X.Y : Nat := 37\"}", "{\"pickleTo\": \"test/e.olean\", \"env\": 0}"),
                List.of("{\"env\": 0}", "{\"env\": 0}"));
        RecordedTranscript absolute = transcript("mine", List.of("{\"cmd\": \"def X.Y : Nat := 37\"}", "{\"pickleTo\": \"/tmp/e.olean\", \"env\": 0}"),
                List.of("{\"env\": 0}", "{\"env\": 0}"));
        FakeLean lean = new FakeLean(h -> "{\"env\": 0}", false, Map.of());

        SelftestSummary summary = run(lean, List.of(relative, absolute), List.of());

        assertThat(summary.results()).extracting(CaseResult::line).containsExactly("transcript pickle_open: skipped (uses the relative path "
                + "test/e.olean (\"pickleTo\"): in a sandbox the REPL's working directory is read-only and has none of the recording's files)",
                "transcript mine: match");
    }

    @Test
    void comparatorCasesMatchOnlyComparatorsOwnOutcome() {
        List<ComparatorCase> cases = List.of(comparatorCase("accepted_valid", true), comparatorCase("accepted_infra", true),
                comparatorCase("rejected_kernel", false), comparatorCase("rejected_unverified", false));
        FakeLean lean = new FakeLean(h -> null, true, Map.of("accepted_valid", Verdict.VALID, "accepted_infra", Verdict.INFRA_ERROR,
                "rejected_kernel", Verdict.KERNEL_REJECTED, "rejected_unverified", Verdict.UNVERIFIED));

        SelftestSummary summary = run(lean, List.of(), cases);

        assertThat(summary.results()).extracting(CaseResult::line).containsExactly(
                "comparator accepted_valid: match",
                "comparator accepted_infra: DIFFERS: expected comparator to accept the solution (test.json exit_code 0), "
                        + "got INFRA_ERROR (fake verdict)",
                "comparator rejected_kernel: match",
                "comparator rejected_unverified: DIFFERS: expected comparator to reject the solution (test.json exit_code 1), "
                        + "got UNVERIFIED (fake verdict)");
    }

    @Test
    void withoutGoldGradingComparatorCasesAreSkippedAndNothingComparedIsNoMatch() {
        FakeLean lean = new FakeLean(h -> null, false, Map.of());

        SelftestSummary summary = run(lean, List.of(), List.of(comparatorCase("simple_match", true)));

        assertThat(summary.results()).extracting(CaseResult::outcome).containsExactly(CaseResult.Outcome.SKIPPED);
        assertThat(summary.results().get(0).detail()).startsWith("image has no gold grading");
        assertThat(summary.allMatch()).as("a skip alone proves nothing").isFalse();
        assertThat(summary.line()).isEqualTo("0 match, 0 differ, 1 skipped (of 1 cases)");
    }

    @Test
    void readsComparatorsTestProjects() throws IOException {
        Path project = Files.createDirectories(dir.resolve("numeric/Challenge/12.34"));
        Files.writeString(project.resolve("5.lean"), "theorem t : True := sorry\n");
        Path root = dir.resolve("numeric");
        Files.writeString(root.resolve("Solution.lean"), "theorem t : True := trivial\n");
        Files.writeString(root.resolve("config.json"), "{\"challenge_module\": \"Challenge.«12.34».«5»\", \"solution_module\": \"Solution\", "
                + "\"theorem_names\": [\"t\"], \"permitted_axioms\": [\"propext\"], \"enable_nanoda\": false}");
        Files.writeString(root.resolve("test.json"), "{\"exit_code\": 1}");
        Files.createDirectories(dir.resolve("not-a-case"));

        List<ComparatorCase> cases = new ComparatorCaseFiles(JSON).load(dir);

        assertThat(cases).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("numeric");
            assertThat(c.challenge().text()).isEqualTo("theorem t : True := sorry\n");
            assertThat(c.challenge().theoremNames()).containsExactly("t");
            assertThat(c.axioms().allowed()).containsExactly("propext");
            assertThat(c.accepted()).isFalse();
        });
    }

    private static ComparatorCase comparatorCase(String name, boolean accepted) {
        return new ComparatorCase(name, new Challenge("Challenge", "theorem t : True := sorry", List.of("t"), List.of()),
                "theorem t : True := trivial", AxiomPolicy.standard(), accepted);
    }
}
