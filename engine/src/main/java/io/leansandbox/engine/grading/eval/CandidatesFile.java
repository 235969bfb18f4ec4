package io.leansandbox.engine.grading.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leansandbox.engine.grading.Statement;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A candidates file (JSONL). With a problems file each line is {@code {"problem", "attempt"?, "code"}}
 * (a whole Lean file, which must prove the problem's statement) or {@code {"problem", "attempt"?,
 * "proof"}} (completes the problem's formal statement). Without one, Kimina's
 * {@code {"custom_id", "proof"}} (or {@code problem} and {@code code}): the text is a whole file,
 * graded without a statement, and the custom_id names its problem. {@code attempt} defaults to the
 * candidate's index (from 0) among its problem's candidates, in file order. Other fields are ignored.
 *
 * @param candidates the candidates to grade, in file order
 * @param issues     lines skipped: malformed, missing fields, unknown problems, duplicates
 */
public record CandidatesFile(List<Candidate> candidates, List<InputIssue> issues) {

    public CandidatesFile {
        candidates = List.copyOf(candidates);
        issues = List.copyOf(issues);
    }

    /** Reads {@code path} against {@code problems} (null: no problems file); an {@link EvalInputException} when it cannot be read or is empty. */
    public static CandidatesFile read(Path path, ProblemsFile problems) {
        List<InputIssue> issues = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        Map<String, Integer> seenPerProblem = new HashMap<>();
        Map<AttemptKey, Integer> lineOf = new HashMap<>();
        String file = path.toString();
        for (JsonLines.Line line : JsonLines.readNonEmpty(path, "candidates", issues).objects()) {
            Raw raw;
            try {
                raw = Raw.of(line.object(), problems != null);
            } catch (IllegalArgumentException e) {
                issues.add(new InputIssue(file, line.number(), e.getMessage() + "; candidate skipped"));
                continue;
            }
            int index = seenPerProblem.merge(raw.problem(), 1, Integer::sum) - 1;
            AttemptKey key = new AttemptKey(raw.problem(), raw.attempt() != null ? raw.attempt() : index);
            Integer first = lineOf.putIfAbsent(key, line.number());
            if (first != null) {
                issues.add(new InputIssue(file, line.number(), "duplicate candidate " + key + " (first at line " + first
                        + "); this one is skipped"));
                continue;
            }
            if (problems == null) {
                candidates.add(Candidate.ofCode(key, raw.text(), null));
                continue;
            }
            InputProblem problem = problems.problems().get(raw.problem());
            if (problem == null) {
                issues.add(new InputIssue(file, line.number(), "candidate " + key + " is for problem '" + raw.problem()
                        + "', which the problems file does not define; candidate skipped"));
            } else if (!problem.usable()) {
                issues.add(new InputIssue(file, line.number(), "candidate " + key + " skipped: problem '" + raw.problem()
                        + "' (problems file line " + problem.line() + ") cannot be graded: " + problem.statementError()));
            } else {
                Statement statement = problem.statement();
                candidates.add(raw.isProof() ? Candidate.ofProof(key, statement, raw.text()) : Candidate.ofCode(key, raw.text(), statement));
            }
        }
        // Lines that are not JSON are found while reading, the rest after: report them in line order.
        issues.sort(Comparator.comparingInt(InputIssue::line));
        return new CandidatesFile(candidates, issues);
    }

    /** A line's fields, checked for shape only. */
    private record Raw(String problem, Integer attempt, String text, boolean isProof) {

        static Raw of(ObjectNode o, boolean withProblems) {
            String problem = JsonLines.string(o, "problem");
            String customId = JsonLines.string(o, "custom_id");
            if (problem == null && !withProblems) {
                problem = customId;
            }
            if (problem == null || problem.isBlank()) {
                throw new IllegalArgumentException(withProblems ? "missing required field 'problem'"
                        : "missing required field 'problem' (or Kimina's 'custom_id')");
            }
            String code = JsonLines.string(o, "code");
            String proof = JsonLines.string(o, "proof");
            if (code != null && proof != null) {
                throw new IllegalArgumentException("both 'code' and 'proof' are given; give one");
            }
            if (code == null && proof == null) {
                throw new IllegalArgumentException("missing required field 'code' (a whole Lean file) or 'proof'");
            }
            return new Raw(problem, attempt(o.get("attempt")), code != null ? code : proof, proof != null);
        }

        private static Integer attempt(JsonNode value) {
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
                throw new IllegalArgumentException("'attempt' must be a whole number from 0 up, got " + value);
            }
            return value.intValue();
        }
    }
}
