package io.leansandbox.engine.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.sandbox.AgentOutcome;
import io.leansandbox.engine.testing.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gold grading against comparator's own 13 test projects (fixtures/comparator-tests), with
 * the stand-in comparator replaying comparator's recorded outcome for each (its test.json).
 */
class GoldFixturesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LeanSandbox engine;

    @BeforeAll
    static void start() {
        engine = LeanSandbox.start(TestEngines.docker(1));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static Path fixtures() {
        return Path.of(System.getProperty("lean.comparator.tests", "../fixtures/comparator-tests"));
    }

    record Case(String name, String module, String challenge, String solution, List<String> theorems, List<String> definitions,
                List<String> permitted, boolean accepted) {

        static Case read(Path dir) {
            try {
                JsonNode config = JSON.readTree(dir.resolve("config.json").toFile());
                String module = config.path("challenge_module").asText();
                return new Case(dir.getFileName().toString(), module, Files.readString(dir.resolve(Challenge.modulePath(module))),
                        Files.readString(dir.resolve("Solution.lean")), strings(config.path("theorem_names")),
                        strings(config.path("definition_names")), strings(config.path("permitted_axioms")),
                        JSON.readTree(dir.resolve("test.json").toFile()).path("exit_code").asInt() == 0);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the comparator test case " + dir + ": " + e.getMessage(), e);
            }
        }

        Grade gradeGold(LeanSandbox engine, String solution) {
            return engine.gradeGold(Submission.ofCode(solution, null, 1 << 20), new Challenge(module, challenge, theorems, definitions),
                    new AxiomPolicy(permitted));
        }
    }

    static List<Case> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(fixtures())) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("test.json"))).sorted().map(Case::read).toList();
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyRecordedCaseGetsComparatorsVerdict() throws IOException {
        List<Case> cases = cases();
        assertThat(cases).hasSize(13);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Grade g = c.gradeGold(engine, c.solution());
            assertThat(g.trust()).isEqualTo(Trust.GOLD);
            if (c.accepted()) {
                assertThat(g.verdict()).as(g.explanation()).isEqualTo(Verdict.VALID);
            } else {
                // The stand-in replays only comparator's exit code, not its reason, so every rejection
                // reads as the kernel's (ComparatorOutcomeTest maps comparator's own wordings).
                assertThat(g.verdict()).as(g.explanation()).isEqualTo(Verdict.KERNEL_REJECTED);
                assertThat(g.explanation()).contains("comparator rejected the solution");
            }
        }));
    }

    @Test
    void aSolutionWithNoRecordedOutcomeIsNeverValid() throws IOException {
        Case match = cases().stream().filter(c -> c.name().equals("simple_match")).findFirst().orElseThrow();
        Grade g = match.gradeGold(engine, match.solution().replace("grind", "omega"));
        assertThat(g.verdict()).as(g.explanation()).isEqualTo(Verdict.UNVERIFIED);
    }

    @Test
    void theValidatingSandboxNeverReceivesCandidateCode() throws IOException {
        Case match = cases().stream().filter(c -> c.name().equals("simple_match")).findFirst().orElseThrow();
        String marker = "lean-sandbox-marker-" + System.nanoTime();
        List<Map.Entry<List<String>, Map<String, String>>> stages = new ArrayList<>();
        GoldGrader recorded = new GoldGrader((argv, files) -> {
            stages.add(Map.entry(argv, files));
            AgentOutcome outcome = engine.runAlone(argv, files);
            return outcome;
        }, engine.settings(), JSON);
        String solution = match.solution() + "\n-- " + marker + "\n";
        recorded.judge(Submission.ofCode(solution, null, 1 << 20), new Challenge(match.module(), match.challenge(), match.theorems(),
                match.definitions()), new AxiomPolicy(match.permitted()));
        assertThat(stages).hasSize(2);
        assertThat(stages.get(0).getKey()).contains("build");
        assertThat(String.join("\n", stages.get(0).getValue().values())).contains(marker);
        assertThat(stages.get(1).getKey()).contains("validate");
        assertThat(stages.get(1).getValue().keySet()).noneMatch(path -> path.endsWith("Solution.lean"));
        assertThat(String.join("\n", stages.get(1).getValue().values())).doesNotContain(marker).doesNotContain("grind");
        assertThat(String.join(" ", stages.get(1).getKey())).doesNotContain(marker);
    }
}
