package io.leansandbox.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leansandbox.engine.grading.DeclarationGrade;
import io.leansandbox.engine.grading.Verdict;
import io.leansandbox.engine.lean.Declaration;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.leansandbox.maven.Outcomes.diagnostic;
import static io.leansandbox.maven.Outcomes.erroneous;
import static io.leansandbox.maven.Outcomes.grade;
import static io.leansandbox.maven.Outcomes.judged;
import static io.leansandbox.maven.Outcomes.result;
import static io.leansandbox.maven.Outcomes.t;
import static org.assertj.core.api.Assertions.assertThat;

/** The SARIF log of a set of outcomes: valid against the 2.1.0 schema, with the rule, level and place of each finding. */
class SarifReportTest {

    /** The top of the build: the project (Outcomes.BASEDIR, /work/project) is its directory {@code project}. */
    private static final Path ROOT = Outcomes.BASEDIR.getParent();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path reports;

    /** One outcome of each kind, as the engine's grades make them. */
    private static List<FileOutcome> everyKind() {
        Declaration u = new Declaration("theorem", "u", 3, 4);
        String why = "u depends on Lean.ofReduceBool, outside the allowed axioms [propext, Classical.choice, Quot.sound]";
        return List.of(
                judged("Valid.lean", Outcomes.valid(diagnostic(Severity.INFO, 2, 0, "f 1 = 2"))),
                judged("Error.lean", erroneous(new Diagnostic(Severity.ERROR, new Position(1, 15), new Position(2, 3), "unsolved goals\n⊢ Nat"))),
                judged("Sorry.lean", Outcomes.usesSorry()),
                judged("Warning.lean", Outcomes.warned()),
                judged("Timeout.lean", Outcomes.timedOut()),
                FileOutcome.unchanged(Outcomes.file("Unchanged.lean")),
                judged("Axioms.lean", grade(Verdict.AXIOM_VIOLATION, "u: " + why, result(Status.SUCCESS, List.of(), List.of()),
                        t(Verdict.VALID, "its axioms [] are allowed"), new DeclarationGrade(u, "u", List.of("Lean.ofReduceBool"),
                                Verdict.AXIOM_VIOLATION, why))),
                judged("Unverified.lean", Outcomes.unverified()),
                new FileOutcome(Outcomes.file("Empty.lean"), FileOutcome.Status.REFUSED, true, Duration.ZERO, List.of(), List.of(),
                        List.of(Problem.ofFile(FileOutcome.Status.REFUSED, "not checked: the source is empty"))));
    }

    private JsonNode written(List<FileOutcome> outcomes, FailurePolicy policy) throws Exception {
        Path file = reports.resolve("lean-sandbox-default.sarif");
        SarifReport.write(file, new SarifReport(policy, ROOT).log(outcomes, "1.2.3"));
        assertThat(Files.list(reports)).as("nothing half-written left").containsExactly(file);
        JsonNode log = JSON.readTree(file.toFile());
        assertThat(SarifSchema.load().errors(log)).as("valid SARIF 2.1.0").isEmpty();
        return log;
    }

    private static List<JsonNode> results(JsonNode log, String fileName) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode result : log.at("/runs/0/results")) {
            if (result.at("/locations/0/physicalLocation/artifactLocation/uri").asText().endsWith("/" + fileName)) {
                found.add(result);
            }
        }
        return found;
    }

    private static JsonNode region(JsonNode result) {
        return result.at("/locations/0/physicalLocation/region");
    }

    @Test
    void aLogOfEveryKindOfOutcomeValidatesAgainstTheSchema() throws Exception {
        JsonNode log = written(everyKind(), FailurePolicy.DEFAULT);
        assertThat(log.get("version").asText()).isEqualTo("2.1.0");
        assertThat(log.get("$schema").asText()).isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
        assertThat(log.get("runs")).hasSize(1);
        JsonNode run = log.at("/runs/0");
        assertThat(run.get("columnKind").asText()).isEqualTo("unicodeCodePoints");
        assertThat(run.at("/originalUriBaseIds/%SRCROOT%/uri").asText()).isEqualTo("file:///work/");
        assertThat(run.at("/invocations/0/executionSuccessful").asBoolean()).isTrue();
    }

    @Test
    void theDriverIsThePluginWithARulePerKindOfFinding() throws Exception {
        JsonNode driver = written(List.of(), FailurePolicy.DEFAULT).at("/runs/0/tool/driver");
        assertThat(driver.get("name").asText()).isEqualTo("lean-sandbox");
        assertThat(driver.get("version").asText()).isEqualTo("1.2.3");
        assertThat(driver.get("informationUri").asText()).startsWith("https://");
        List<String> ids = new ArrayList<>();
        driver.get("rules").forEach(r -> ids.add(r.get("id").asText()));
        assertThat(ids).containsExactly("lean-error", "lean-sorry", "lean-warning", "lean-axioms", "lean-unverified",
                "lean-timeout", "lean-limit", "lean-refused", "lean-unavailable");
        for (JsonNode rule : driver.get("rules")) {
            assertThat(rule.at("/shortDescription/text").asText()).isNotBlank();
            assertThat(rule.at("/fullDescription/text").asText()).isNotBlank();
            String expected = rule.get("id").asText().equals("lean-warning") ? "warning" : "error";
            assertThat(rule.at("/defaultConfiguration/level").asText()).as(rule.get("id").asText()).isEqualTo(expected);
        }
        assertThat(driver.at("/rules/0/name").asText()).isEqualTo("LeanError");
    }

    @Test
    void leansMessagesAreResultsAtTheirPlaceWithColumnsFromOne() throws Exception {
        JsonNode log = written(everyKind(), FailurePolicy.DEFAULT);
        JsonNode error = results(log, "Error.lean").get(0);
        assertThat(results(log, "Error.lean")).hasSize(1);
        assertThat(error.get("ruleId").asText()).isEqualTo("lean-error");
        assertThat(error.get("ruleIndex").asInt()).isZero();
        assertThat(error.get("level").asText()).isEqualTo("error");
        assertThat(error.at("/message/text").asText()).isEqualTo("unsolved goals\n⊢ Nat");
        assertThat(error.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("project/src/main/lean/Error.lean");
        assertThat(error.at("/locations/0/physicalLocation/artifactLocation/uriBaseId").asText()).isEqualTo("%SRCROOT%");
        assertThat(region(error).toString()).isEqualTo("{\"startLine\":1,\"startColumn\":16,\"endLine\":2,\"endColumn\":4}");

        JsonNode warning = results(log, "Warning.lean").get(0);
        assertThat(warning.get("ruleId").asText()).isEqualTo("lean-warning");
        assertThat(warning.get("level").asText()).as("warnings do not fail the build by default").isEqualTo("warning");
        assertThat(region(warning).toString()).as("Lean gave no end").isEqualTo("{\"startLine\":1,\"startColumn\":1}");

        assertThat(results(log, "Valid.lean")).as("info messages are not findings").isEmpty();
        assertThat(results(log, "Unchanged.lean")).as("it passed at its last check").isEmpty();
    }

    @Test
    void eachSorryIsOneResultAtTheSorryWithItsGoal() throws Exception {
        JsonNode log = written(everyKind(), FailurePolicy.DEFAULT);
        List<JsonNode> sorries = results(log, "Sorry.lean");
        assertThat(sorries).as("Lean's 'declaration uses sorry' says the same at the name").hasSize(1);
        assertThat(sorries.get(0).get("ruleId").asText()).isEqualTo("lean-sorry");
        assertThat(sorries.get(0).get("level").asText()).isEqualTo("error");
        assertThat(sorries.get(0).at("/message/text").asText()).isEqualTo("the proof uses sorry, with the goal\n⊢ 1 = 1");
        assertThat(region(sorries.get(0)).toString()).isEqualTo("{\"startLine\":1,\"startColumn\":25}");

        // Without a located sorry, Lean's warning is the result.
        FileOutcome warningOnly = judged("Sorry.lean", grade(Verdict.SORRY, "uses sorry", result(Status.SUCCESS,
                List.of(diagnostic(Severity.WARNING, 1, 8, "declaration uses `sorry`")), List.of()), t(Verdict.SORRY, "it uses sorry")));
        List<JsonNode> fromWarning = results(written(List.of(warningOnly), FailurePolicy.DEFAULT), "Sorry.lean");
        assertThat(fromWarning).singleElement().satisfies(r -> {
            assertThat(r.get("ruleId").asText()).isEqualTo("lean-sorry");
            assertThat(region(r).get("startColumn").asInt()).isEqualTo(9);
        });
    }

    @Test
    void findingsWithoutAPlaceAreAtTheirDeclarationOrTheFilesFirstLine() throws Exception {
        JsonNode log = written(everyKind(), FailurePolicy.DEFAULT);
        JsonNode axioms = results(log, "Axioms.lean").get(0);
        assertThat(axioms.get("ruleId").asText()).isEqualTo("lean-axioms");
        assertThat(axioms.at("/message/text").asText()).contains("u depends on Lean.ofReduceBool").contains("(parameter allowedAxioms)");
        assertThat(region(axioms).toString()).as("u's line").isEqualTo("{\"startLine\":3}");

        JsonNode unverified = results(log, "Unverified.lean").get(0);
        assertThat(unverified.get("ruleId").asText()).isEqualTo("lean-unverified");
        assertThat(region(unverified).toString()).as("t's line").isEqualTo("{\"startLine\":1}");

        JsonNode timeout = results(log, "Timeout.lean").get(0);
        assertThat(timeout.get("ruleId").asText()).isEqualTo("lean-timeout");
        assertThat(timeout.get("level").asText()).isEqualTo("error");
        assertThat(timeout.at("/message/text").asText()).contains("time limit of 30 s");
        assertThat(region(timeout).toString()).isEqualTo("{\"startLine\":1}");

        assertThat(results(log, "Empty.lean")).singleElement().satisfies(r -> assertThat(r.get("ruleId").asText()).isEqualTo("lean-refused"));
    }

    @Test
    void aResultsLevelFollowsTheFailOnSwitches() throws Exception {
        JsonNode lenient = written(everyKind(), new FailurePolicy(false, false, false));
        assertThat(results(lenient, "Error.lean").get(0).get("level").asText()).isEqualTo("warning");
        assertThat(results(lenient, "Sorry.lean").get(0).get("level").asText()).isEqualTo("warning");
        assertThat(results(lenient, "Timeout.lean").get(0).get("level").asText()).isEqualTo("warning");
        assertThat(results(lenient, "Axioms.lean").get(0).get("level").asText()).as("always fails").isEqualTo("error");
        assertThat(results(lenient, "Unverified.lean").get(0).get("level").asText()).as("always fails").isEqualTo("error");

        JsonNode strict = written(everyKind(), new FailurePolicy(true, true, true));
        assertThat(results(strict, "Warning.lean").get(0).get("level").asText()).isEqualTo("error");
    }

    @Test
    void aFailedSandboxMakesTheRunUnsuccessful() throws Exception {
        FileOutcome unavailable = new FileOutcome(Outcomes.file("A.lean"), FileOutcome.Status.UNAVAILABLE, true, Duration.ZERO, List.of(),
                List.of(), List.of(Problem.ofFile(FileOutcome.Status.UNAVAILABLE, "no verdict, the sandbox failed: agent died")));
        JsonNode log = written(List.of(unavailable), FailurePolicy.DEFAULT);
        assertThat(log.at("/runs/0/invocations/0/executionSuccessful").asBoolean()).isFalse();
        assertThat(results(log, "A.lean")).singleElement().satisfies(r -> assertThat(r.get("ruleId").asText()).isEqualTo("lean-unavailable"));
    }

    @Test
    void pathsAreURIReferencesAndFilesOutsideTheRootAreAbsolute() {
        SarifReport report = new SarifReport(FailurePolicy.DEFAULT, ROOT);
        assertThat(report.artifact(Path.of("/work/project/src/main/lean/My Proofs/Ünïcode.lean")))
                .isEqualTo(new Sarif.ArtifactLocation("project/src/main/lean/My%20Proofs/%C3%9Cn%C3%AFcode.lean", "%SRCROOT%"));
        assertThat(report.artifact(Path.of("/work/a:b/C.lean")).uri()).as("not a URI of scheme a").isEqualTo("./a:b/C.lean");
        assertThat(report.artifact(Path.of("/elsewhere/X.lean"))).isEqualTo(new Sarif.ArtifactLocation("file:///elsewhere/X.lean", null));
    }

    @Test
    void regionsFromLeansPositions() {
        assertThat(SarifReport.region(new Position(4, 0), new Position(4, 7))).isEqualTo(new Sarif.Region(4, 1, 4, 8));
        assertThat(SarifReport.region(new Position(4, 5), new Position(3, 0))).as("an end before the start is dropped")
                .isEqualTo(new Sarif.Region(4, 6, null, null));
        assertThat(SarifReport.region(new Position(0, 0), null)).as("no line: the file's first").isEqualTo(new Sarif.Region(1, null, null, null));
    }

    @Test
    void theValidatorRejectsWhatIsNotSarif() throws Exception {
        // So that an empty list of errors above means something.
        ObjectNode log = (ObjectNode) written(everyKind(), FailurePolicy.DEFAULT);
        ((ObjectNode) log.at("/runs/0/results/0")).put("level", "fatal");
        assertThat(SarifSchema.load().errors(log)).isNotEmpty().anySatisfy(e -> assertThat(e).contains("level"));
        log.put("version", "2.0.0");
        assertThat(SarifSchema.load().errors(log)).anySatisfy(e -> assertThat(e).contains("version"));
    }
}
