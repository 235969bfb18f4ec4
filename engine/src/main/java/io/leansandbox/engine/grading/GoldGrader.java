package io.leansandbox.engine.grading;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.sandbox.AgentException;
import io.leansandbox.engine.sandbox.AgentOutcome;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Gold grading with comparator (leanprover/comparator, see docker/gold/README.md), split over two
 * fresh sandboxes so that the verdict never depends on anything the candidate could write:
 * <ol>
 *   <li>BUILD: a fresh sandbox receives the solution, builds it and exports its declarations
 *       ({@code lean-sandbox-gold build}); only the export text comes out.</li>
 *   <li>VALIDATE: another fresh sandbox, which never receives candidate code, receives the trusted
 *       challenge and the export (data) and runs comparator ({@code lean-sandbox-gold validate}):
 *       statement comparison, axiom check and kernel replay, from the two exports alone.</li>
 * </ol>
 * Each sandbox serves one stage and is then removed. Gold only runs on what fast grading called
 * valid, and can only demote.
 */
public final class GoldGrader {

    /** Where the stages work inside a sandbox: under /tmp, the writable tmpfs. */
    public static final String DIR = "/tmp/lean-sandbox-gold";

    /** Runs one stage alone in a sandbox that nothing ran in before and nothing will run in after. */
    @FunctionalInterface
    public interface Stages {
        /** Writes {@code files} (absolute paths) into a fresh sandbox, runs {@code argv} there in {@link #DIR}, and removes the sandbox. */
        AgentOutcome runAlone(List<String> argv, Map<String, String> files) throws AgentException;
    }

    private final Stages stages;
    private final Settings settings;
    private final ObjectMapper json;

    public GoldGrader(Stages stages, Settings settings, ObjectMapper json) {
        this.stages = stages;
        this.settings = settings;
        this.json = json;
    }

    /** {@code fast} when it is not valid; else comparator's verdict on {@code submission} against {@code challenge}. */
    public Grade grade(Submission submission, Challenge challenge, AxiomPolicy axioms, Grade fast) {
        return fast.isValid() ? judge(submission, challenge, axioms, fast) : fast;
    }

    /**
     * Comparator's verdict alone, without a fast stage before it (tests of the gold path, and
     * challenges that are not one formal statement, such as comparator's own test projects).
     */
    public Grade judge(Submission submission, Challenge challenge, AxiomPolicy axioms) {
        Grade nothingYet = new Grade(Verdict.UNVERIFIED, Trust.GOLD, "not graded yet", List.of(),
                RunResult.infrastructureError(RunMode.CHECK, "gold grading only: the candidate did not run on a REPL", Duration.ZERO),
                Duration.ZERO);
        return judge(submission, challenge, axioms, nothingYet);
    }

    private Grade judge(Submission submission, Challenge challenge, AxiomPolicy axioms, Grade fast) {
        long start = System.nanoTime();
        String config = config(challenge, axioms);
        AgentOutcome built;
        try {
            built = stages.runAlone(List.of("lean-sandbox-gold", "build", DIR),
                    Map.of(DIR + "/Solution.lean", submission.source().text(), DIR + "/config.json", config));
        } catch (AgentException e) {
            return demoted(fast, Verdict.INFRA_ERROR, "gold build stage: the sandbox failed: " + e.getMessage(), start);
        }
        switch (built.ending()) {
            case TIMEOUT:
                return demoted(fast, Verdict.TIMEOUT, "gold build stage reached its time limit", start);
            case MEMORY:
                return demoted(fast, Verdict.MEMORY, "gold build stage ran out of memory", start);
            case OUTPUT_LIMIT:
                return demoted(fast, Verdict.UNVERIFIED, "the solution's export passed gold_output_limit ("
                        + settings.grading().goldOutputLimit() + " bytes)", start);
            default:
                break;
        }
        int code = built.exitCode() == null ? -1 : built.exitCode();
        if (code == 1) {
            return demoted(fast, Verdict.ERROR, "the solution does not build with lake: "
                    + ComparatorOutcome.lastLine(built.stderr()), start);
        }
        if (code != 0) {
            return demoted(fast, Verdict.INFRA_ERROR, "gold build stage failed (exit code " + code + "): "
                    + ComparatorOutcome.lastLine(built.stderr()), start);
        }
        AgentOutcome validated;
        try {
            validated = stages.runAlone(List.of("lean-sandbox-gold", "validate", DIR), Map.of(DIR + "/" + Challenge.modulePath(challenge.module()), challenge.text(),
                    DIR + "/config.json", config, DIR + "/solution.export", built.output()));
        } catch (AgentException e) {
            return demoted(fast, Verdict.INFRA_ERROR, "gold validation stage: the sandbox failed: " + e.getMessage(), start);
        }
        Map.Entry<Verdict, String> verdict = ComparatorOutcome.read(validated);
        return demoted(fast, verdict.getKey(), verdict.getValue(), start);
    }

    /** comparator's config.json for {@code challenge}. */
    String config(Challenge challenge, AxiomPolicy axioms) {
        ObjectNode c = json.createObjectNode();
        c.put("challenge_module", challenge.module());
        c.put("solution_module", "Solution");
        challenge.theoremNames().forEach(c.putArray("theorem_names")::add);
        challenge.definitionNames().forEach(c.putArray("definition_names")::add);
        axioms.allowed().forEach(c.putArray("permitted_axioms")::add);
        c.put("enable_nanoda", false);
        return c.toPrettyString();
    }

    private static Grade demoted(Grade fast, Verdict verdict, String why, long start) {
        return fast.decidedBy(Trust.GOLD, verdict, why, fast.elapsed().plus(Duration.ofNanos(System.nanoTime() - start)));
    }
}
