package io.leansandbox.engine.grading.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A batch evaluation: grade every candidate of a candidates file (against the statements of a
 * problems file, if one is given), append one result line per candidate to the results file, and
 * summarize (pass@k and more). Rerun with the same results file, it grades only what is not there
 * yet: candidates are keyed by (problem, attempt), and a candidate whose result is
 * {@code infra_error} is graded again.
 *
 * <pre>{@code
 * EvalSummary summary = Evaluation.builder()
 *         .problems(Path.of("minif2f.jsonl")).candidates(Path.of("candidates.jsonl")).out(Path.of("verdicts.jsonl"))
 *         .ks(List.of(1, 8, 32)).concurrency(8).maxSourceBytes(lean.settings().maxSourceBytes())
 *         .build()
 *         .run(lean::grade, TrustChoice.byDefault(lean.goldAvailable()), Progress.SILENT);
 * }</pre>
 *
 * Exit codes for command lines: {@link EvalSummary#EXIT_GRADED}, {@link EvalSummary#EXIT_INFRA_ERROR},
 * {@link EvalSummary#EXIT_BAD_INPUT}.
 */
public final class Evaluation {

    private final Path problems;
    private final Path candidates;
    private final Path out;
    private final Path summary;
    private final Path junit;
    private final List<Integer> ks;
    private final int concurrency;
    private final int maxSourceBytes;

    private Evaluation(Builder b) {
        this.problems = b.problems;
        this.candidates = Objects.requireNonNull(b.candidates, "the candidates file");
        this.out = Objects.requireNonNull(b.out, "the results (out) file");
        this.summary = b.summary;
        this.junit = b.junit;
        this.ks = List.copyOf(b.ks);
        this.concurrency = b.concurrency;
        this.maxSourceBytes = b.maxSourceBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the input files and the results file (opening it for appending) without grading
     * anything, so that bad input is found before any sandbox starts. An {@link EvalInputException}
     * when a file cannot be used.
     */
    public EvalPlan prepare() {
        ProblemsFile problemsFile = problems == null ? null : ProblemsFile.read(problems);
        CandidatesFile candidatesFile = CandidatesFile.read(candidates, problemsFile);
        return new EvalPlan(this, problemsFile, candidatesFile, ResultsFile.open(out));
    }

    /** {@link #prepare()}, then {@link EvalPlan#run}. */
    public EvalSummary run(CandidateGrader grader, TrustChoice trust, Progress progress) {
        try (EvalPlan plan = prepare()) {
            return plan.run(grader, trust, progress);
        }
    }

    public Path problems() {
        return problems;
    }

    public Path candidates() {
        return candidates;
    }

    public Path out() {
        return out;
    }

    public Path summary() {
        return summary;
    }

    public Path junit() {
        return junit;
    }

    public List<Integer> ks() {
        return ks;
    }

    public int concurrency() {
        return concurrency;
    }

    public int maxSourceBytes() {
        return maxSourceBytes;
    }

    /** Settings of an {@link Evaluation}; {@code candidates} and {@code out} are required. */
    public static final class Builder {
        private Path problems;
        private Path candidates;
        private Path out;
        private Path summary;
        private Path junit;
        private List<Integer> ks = List.of(1);
        private int concurrency = 1;
        private int maxSourceBytes = 1 << 20;

        private Builder() {
        }

        /** The problems file; null (the default) for candidates that are whole files with no statement (Kimina's shape). */
        public Builder problems(Path v) {
            problems = v;
            return this;
        }

        public Builder candidates(Path v) {
            candidates = v;
            return this;
        }

        /** The results file: appended to, and read first to resume. */
        public Builder out(Path v) {
            out = v;
            return this;
        }

        /** Where to write the summary as JSON; null (the default) for none. */
        public Builder summary(Path v) {
            summary = v;
            return this;
        }

        /** Where to write a JUnit XML report; null (the default) for none. */
        public Builder junit(Path v) {
            junit = v;
            return this;
        }

        /** The k of pass@k, each at least 1 (default: 1); repeats are dropped. */
        public Builder ks(List<Integer> v) {
            List<Integer> distinct = new ArrayList<>(new LinkedHashSet<>(v));
            if (distinct.isEmpty()) {
                throw new IllegalArgumentException("give at least one k for pass@k");
            }
            for (Integer k : distinct) {
                if (k == null || k < 1) {
                    throw new IllegalArgumentException("each k of pass@k must be at least 1, got " + k);
                }
            }
            ks = distinct;
            return this;
        }

        /** Candidates graded at once (default 1). */
        public Builder concurrency(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, got " + v);
            }
            concurrency = v;
            return this;
        }

        /** The engine's {@code max_source_bytes}: larger candidates are refused as the engine would. */
        public Builder maxSourceBytes(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("max source bytes must be positive, got " + v);
            }
            maxSourceBytes = v;
            return this;
        }

        public Evaluation build() {
            return new Evaluation(this);
        }
    }
}
