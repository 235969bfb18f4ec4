package io.leansandbox.engine.grading.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Whole evaluations over a fake grader: result lines, resume, failures, summary, reports. */
class EvaluationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final FakeGrader grader = new FakeGrader();

    @BeforeEach
    void writeInputs() throws IOException {
        Files.writeString(dir.resolve("problems.jsonl"), """
                {"name": "p1", "formal_statement": "theorem p1 : True := by sorry"}
                {"name": "p2", "formal_statement": "theorem p2 : True := by sorry"}
                {"name": "p3", "formal_statement": "theorem p3 : True := by sorry"}
                """);
        // p1: valid, error, valid; p2: sorry, error; p3: one that throws.
        Files.writeString(dir.resolve("candidates.jsonl"), """
                {"problem": "p1", "proof": "trivial -- VERDICT valid"}
                {"problem": "p1", "proof": "exact x -- VERDICT error"}
                {"problem": "p2", "proof": "sorry -- VERDICT sorry"}
                {"problem": "p1", "proof": "trivial  -- VERDICT valid"}
                {"problem": "p2", "proof": "simp -- VERDICT error"}
                {"problem": "p3", "proof": "trivial -- THROW the sandbox vanished"}
                """);
    }

    private Evaluation.Builder evaluation() {
        return Evaluation.builder().problems(dir.resolve("problems.jsonl")).candidates(dir.resolve("candidates.jsonl")).out(dir.resolve("out/verdicts.jsonl"))
                .ks(List.of(1, 2, 8)).concurrency(3);
    }

    private List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void everyCandidateGetsOneLineAndTheSummaryCountsThem() throws IOException {
        EvalSummary s = evaluation().build().run(grader, TrustChoice.given(Trust.FAST), Progress.SILENT);

        List<JsonNode> lines = lines(dir.resolve("out/verdicts.jsonl"));
        assertThat(lines).hasSize(6);
        JsonNode first = lines.stream().filter(l -> l.get("problem").asText().equals("p1") && l.get("attempt").asInt() == 0)
                .findFirst().orElseThrow();
        assertThat(JSON.convertValue(first, Map.class).keySet()).containsExactly("problem", "attempt", "verdict", "trust", "axioms",
                "diagnostics", "explanation", "time_ms");
        assertThat(first.get("verdict").asText()).isEqualTo("valid");
        assertThat(first.get("trust").asText()).isEqualTo("fast");
        assertThat(first.get("axioms").toString()).isEqualTo("{\"t\":[\"propext\"]}");
        JsonNode error = lines.stream().filter(l -> l.get("problem").asText().equals("p1") && l.get("attempt").asInt() == 1)
                .findFirst().orElseThrow();
        assertThat(error.get("diagnostics").toString())
                .isEqualTo("[{\"severity\":\"error\",\"line\":2,\"column\":4,\"message\":\"unsolved goals\\n⊢ False\"}]");
        assertThat(error.get("axioms").toString()).isEqualTo("{}");
        JsonNode thrown = lines.stream().filter(l -> l.get("problem").asText().equals("p3")).findFirst().orElseThrow();
        assertThat(thrown.get("verdict").asText()).isEqualTo("infra_error");
        assertThat(thrown.get("explanation").asText()).isEqualTo("the grader failed: the sandbox vanished");

        assertThat(s.candidates()).isEqualTo(6);
        assertThat(s.problems()).isEqualTo(3);
        assertThat(s.verdicts()).hasSize(10).containsEntry(Verdict.VALID, 2).containsEntry(Verdict.ERROR, 2)
                .containsEntry(Verdict.SORRY, 1).containsEntry(Verdict.INFRA_ERROR, 1).containsEntry(Verdict.TIMEOUT, 0);
        assertThat(s.problemsSolved()).isEqualTo(1);
        // p1: n=3, c=2; p2: n=2, c=0; p3: n=1, c=0.
        assertThat(s.passAtK().get(1)).isCloseTo((2.0 / 3) / 3, within(1e-12));
        assertThat(s.passAtK().get(2)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(s.passAtK().get(8)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(s.problemsWithFewerAttempts()).containsEntry(1, 0).containsEntry(2, 1).containsEntry(8, 3);
        assertThat(s.perProblem()).extracting(EvalSummary.ProblemScore::problem).containsExactlyInAnyOrder("p1", "p2", "p3");
        assertThat(s.gradedThisRun()).isEqualTo(6);
        assertThat(s.skippedByResume()).isZero();
        assertThat(s.exitCode()).isEqualTo(EvalSummary.EXIT_INFRA_ERROR);
        assertThat(s.problemsWithoutCandidates()).isZero();
        assertThat(s.p50Ms()).isNotNull();
        assertThat(s.trust()).isEqualTo(Trust.FAST);
        assertThat(s.gradedAt()).containsEntry(Trust.FAST, 6);
    }

    @Test
    void aRerunGradesOnlyWhatIsMissingAndItsSummaryEqualsAnUninterruptedOne() throws IOException {
        Path out = dir.resolve("out/verdicts.jsonl");
        EvalSummary whole = evaluation().build().run(grader, TrustChoice.given(Trust.FAST), Progress.SILENT);
        List<String> all = Files.readAllLines(out);

        // A run killed after three results, the fourth half written.
        Path resumed = dir.resolve("resumed.jsonl");
        String torn = all.get(3).substring(0, all.get(3).length() / 2);
        Files.writeString(resumed, String.join("\n", all.subList(0, 3)) + "\n" + torn);
        FakeGrader second = new FakeGrader();
        EvalSummary again = evaluation().out(resumed).build().run(second, TrustChoice.given(Trust.FAST), Progress.SILENT);

        assertThat(second.calls).hasValue(3);
        assertThat(again.skippedByResume()).isEqualTo(3);
        assertThat(again.gradedThisRun()).isEqualTo(3);
        assertThat(again.issues()).singleElement().satisfies(i -> {
            assertThat(i.line()).isEqualTo(4);
            assertThat(i.message()).startsWith("incomplete last line");
        });
        List<String> lines = Files.readAllLines(resumed);
        assertThat(lines).hasSize(6).doesNotContain(torn);
        lines.forEach(l -> assertThat(l).endsWith("}"));
        assertThat(again.verdicts()).isEqualTo(whole.verdicts());
        assertThat(again.passAtK()).isEqualTo(whole.passAtK());
        assertThat(again.perProblem()).containsExactlyInAnyOrderElementsOf(whole.perProblem());
        assertThat(again.candidates()).isEqualTo(whole.candidates());
    }

    @Test
    void aLastLineThatIsWholeButUnendedIsKept() throws IOException {
        evaluation().build().run(grader, TrustChoice.given(Trust.FAST), Progress.SILENT);
        Path out = dir.resolve("out/verdicts.jsonl");
        String text = Files.readString(out);
        Files.writeString(out, text.substring(0, text.length() - 1));
        FakeGrader second = new FakeGrader();
        EvalSummary again = evaluation().build().run(second, TrustChoice.given(Trust.FAST), Progress.SILENT);
        // Only the infra_error is graded again.
        assertThat(second.calls).hasValue(1);
        assertThat(again.issues()).isEmpty();
        assertThat(Files.readAllLines(out)).hasSize(7);
    }

    @Test
    void anInfraErrorIsGradedAgainOnARerunAndTheNewLineWins() throws IOException {
        evaluation().build().run(grader, TrustChoice.given(Trust.FAST), Progress.SILENT);
        Files.writeString(dir.resolve("candidates.jsonl"), Files.readString(dir.resolve("candidates.jsonl"))
                .replace("-- THROW the sandbox vanished", "-- VERDICT valid"));
        FakeGrader second = new FakeGrader();
        EvalSummary again = evaluation().build().run(second, TrustChoice.given(Trust.FAST), Progress.SILENT);
        assertThat(second.calls).hasValue(1);
        assertThat(again.skippedByResume()).isEqualTo(5);
        assertThat(again.count(Verdict.INFRA_ERROR)).isZero();
        assertThat(again.count(Verdict.VALID)).isEqualTo(3);
        assertThat(again.candidates()).isEqualTo(6);
        assertThat(again.exitCode()).isEqualTo(EvalSummary.EXIT_GRADED);
        assertThat(Files.readAllLines(dir.resolve("out/verdicts.jsonl"))).hasSize(7);
    }

    @Test
    void nothingLeftToGradeSaysSo() throws IOException {
        Files.writeString(dir.resolve("candidates.jsonl"), "{\"problem\": \"p1\", \"proof\": \"trivial -- VERDICT valid\"}\n");
        evaluation().build().run(grader, TrustChoice.given(Trust.FAST), Progress.SILENT);
        EvalSummary again = evaluation().build().run(grader, TrustChoice.given(Trust.FAST), Progress.SILENT);
        assertThat(grader.calls).hasValue(1);
        assertThat(again.gradedThisRun()).isZero();
        assertThat(again.notes()).singleElement().asString().startsWith("nothing to grade");
        assertThat(again.problemsWithoutCandidates()).isEqualTo(2);
        assertThat(again.throughput()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void badLinesOfTheResultsFileAreReportedAndTheirCandidatesGradedAgain() throws IOException {
        Path out = dir.resolve("out/verdicts.jsonl");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "garbage\n{\"problem\": \"p1\", \"attempt\": 0, \"verdict\": \"great\", \"trust\": \"fast\", \"time_ms\": 1}\n");
        EvalSummary s = evaluation().build().run(grader, TrustChoice.given(Trust.FAST), Progress.SILENT);
        assertThat(s.issues()).extracting(InputIssue::line).containsExactly(1, 2);
        assertThat(s.issues().get(1).message()).contains("unknown verdict 'great'");
        assertThat(s.candidates()).isEqualTo(6);
    }

    @Test
    void goldGradesAtGoldAndCountsWhatReachedIt() throws IOException {
        EvalSummary s = evaluation().build().run(grader, TrustChoice.given(Trust.GOLD), Progress.SILENT);
        assertThat(s.trust()).isEqualTo(Trust.GOLD);
        assertThat(s.reachedGold()).isEqualTo(2);
        // The infra_error never got a grade, so it did not reach gold: it counts at fast, grading's first stage.
        assertThat(s.gradedAt()).containsEntry(Trust.FAST, 4).containsEntry(Trust.GOLD, 2).containsEntry(Trust.OWN, 0);
        String text = SummaryReport.text(s, "verdicts.jsonl");
        assertThat(text).contains("Trust: gold this run; results decided at fast 4, gold 2 (2 reached the gold stage)");
    }

    @Test
    void theDefaultTrustWithoutGoldIsFastWithANote() throws IOException {
        assertThat(TrustChoice.byDefault(true)).isEqualTo(TrustChoice.given(Trust.GOLD));
        EvalSummary s = evaluation().build().run(grader, TrustChoice.byDefault(false), Progress.SILENT);
        assertThat(s.trust()).isEqualTo(Trust.FAST);
        assertThat(s.notes()).singleElement().asString().contains("no gold grading");
    }

    @Test
    void refusedSourcesAreUnverifiedNotInfraErrors() throws IOException {
        Files.writeString(dir.resolve("candidates.jsonl"), """
                {"problem": "p1", "proof": "   "}
                {"problem": "p2", "code": "theorem p2 : True := by trivial -- VERDICT valid -- a long one"}
                """);
        EvalSummary s = evaluation().maxSourceBytes(40).build().run(grader, TrustChoice.given(Trust.FAST), Progress.SILENT);
        assertThat(grader.calls).hasValue(0);
        assertThat(s.count(Verdict.UNVERIFIED)).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("out/verdicts.jsonl"))).contains("the engine refused the source, so nothing was checked: the proof is empty");
    }

    @Test
    void reportsAreWrittenWhenAskedFor() throws IOException {
        Path summary = dir.resolve("reports/summary.json");
        Path junit = dir.resolve("reports/junit.xml");
        evaluation().summary(summary).junit(junit).build().run(grader, TrustChoice.given(Trust.FAST), Progress.SILENT);

        JsonNode json = JSON.readTree(summary.toFile());
        assertThat(json.get("candidates").asInt()).isEqualTo(6);
        assertThat(json.get("verdicts").size()).isEqualTo(10);
        assertThat(json.at("/verdicts/kernel_rejected").asInt()).isZero();
        assertThat(json.at("/pass_at_k/2").asDouble()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(json.at("/trust/run").asText()).isEqualTo("fast");
        assertThat(json.get("per_problem").size()).isEqualTo(3);
        assertThat(json.at("/this_run/graded").asInt()).isEqualTo(6);

        String xml = Files.readString(junit, StandardCharsets.UTF_8);
        assertThat(xml).contains("<testsuite name=\"lean-sandbox eval candidates.jsonl\" tests=\"6\" failures=\"3\" errors=\"1\"");
        assertThat(xml).contains("<testcase name=\"p1#0\" classname=\"p1\"");
        assertThat(xml).contains("<failure type=\"error\" message=\"error: fake: error\">fake: error\n1:".replace("1:", "2:4: error: unsolved goals"));
        assertThat(xml).contains("<error type=\"infra_error\" message=\"infra_error: the grader failed: the sandbox vanished\">");
    }

    @Test
    void candidatesAreGradedConcurrentlyAndWrittenByOneThread() throws Exception {
        int n = 8;
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < n; i++) {
            lines.append("{\"custom_id\": \"c").append(i).append("\", \"proof\": \"theorem t : True := trivial -- VERDICT valid\"}\n");
        }
        Files.writeString(dir.resolve("candidates.jsonl"), lines);
        CountDownLatch allIn = new CountDownLatch(4);
        Map<String, Boolean> threads = new ConcurrentHashMap<>();
        CandidateGrader blocking = (submission, trust) -> {
            threads.put(Thread.currentThread().getName(), true);
            allIn.countDown();
            try {
                // The first four wait for each other: they only all arrive if four run at once.
                allIn.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return grader.grade(submission, trust);
        };
        AtomicInteger written = new AtomicInteger();
        Progress counting = new Progress() {
            @Override
            public void started(int toGrade, int skipped) {
                assertThat(toGrade).isEqualTo(n);
            }

            @Override
            public void graded(GradedCandidate result) {
                assertThat(Thread.currentThread().getName()).doesNotStartWith("lean-sandbox-eval-");
                written.incrementAndGet();
            }

            @Override
            public void finished() {
            }
        };
        long start = System.nanoTime();
        EvalSummary s = Evaluation.builder().candidates(dir.resolve("candidates.jsonl")).out(dir.resolve("v.jsonl")).concurrency(4)
                .build().run(blocking, TrustChoice.given(Trust.FAST), counting);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
        assertThat(threads).hasSize(4);
        assertThat(written).hasValue(n);
        assertThat(s.count(Verdict.VALID)).isEqualTo(n);
        assertThat(s.problems()).isEqualTo(n);
    }

    @Test
    void aThousandCandidatesCostLittleBookkeeping() throws IOException {
        StringBuilder problems = new StringBuilder();
        StringBuilder candidates = new StringBuilder();
        for (int p = 0; p < 100; p++) {
            problems.append("{\"name\": \"p").append(p).append("\", \"formal_statement\": \"theorem p").append(p)
                    .append(" (n : Nat) : n + 0 = n := by sorry\"}\n");
            for (int a = 0; a < 10; a++) {
                candidates.append("{\"problem\": \"p").append(p).append("\", \"proof\": \"simp -- VERDICT ")
                        .append(a % 3 == 0 ? "valid" : "error").append("\"}\n");
            }
        }
        Files.writeString(dir.resolve("problems.jsonl"), problems);
        Files.writeString(dir.resolve("candidates.jsonl"), candidates);
        Evaluation evaluation = Evaluation.builder().problems(dir.resolve("problems.jsonl")).candidates(dir.resolve("candidates.jsonl"))
                .out(dir.resolve("v.jsonl")).summary(dir.resolve("s.json")).junit(dir.resolve("j.xml")).ks(List.of(1, 8, 32))
                .concurrency(4).build();
        long start = System.nanoTime();
        EvalSummary s = evaluation.run(grader, TrustChoice.given(Trust.FAST), Progress.SILENT);
        long firstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(s.candidates()).isEqualTo(1000);
        assertThat(s.count(Verdict.VALID)).isEqualTo(400);
        // n=10, c=4: pass@1 = 0.4 for every problem.
        assertThat(s.passAtK().get(1)).isCloseTo(0.4, within(1e-12));
        assertThat(s.passAtK().get(32)).isEqualTo(1.0);
        start = System.nanoTime();
        EvalSummary again = evaluation.run(grader, TrustChoice.given(Trust.FAST), Progress.SILENT);
        long resumeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(again.skippedByResume()).isEqualTo(1000);
        assertThat(again.passAtK()).isEqualTo(s.passAtK());
        // Generous bounds for a loaded build machine; the point is no quadratic bookkeeping.
        assertThat(firstMs).as("first run, ms").isLessThan(5000);
        assertThat(resumeMs).as("resumed run, ms").isLessThan(3000);
    }
}
