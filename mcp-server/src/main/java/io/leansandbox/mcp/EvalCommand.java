package io.leansandbox.mcp;

import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.eval.ConsoleProgress;
import io.leansandbox.engine.grading.eval.EvalPlan;
import io.leansandbox.engine.grading.eval.EvalSummary;
import io.leansandbox.engine.grading.eval.Evaluation;
import io.leansandbox.engine.grading.eval.InputIssue;
import io.leansandbox.engine.grading.eval.Progress;
import io.leansandbox.engine.grading.eval.SummaryReport;
import io.leansandbox.engine.grading.eval.TrustChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code eval --candidates C.jsonl --out V.jsonl ...}: grades a batch of candidates, resumably, and summarizes (pass@k). */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Grade a batch of proof candidates (JSONL) against their problems' formal statements,",
                "append one result line per candidate to --out, and print a summary with pass@k.",
                "Rerun with the same --out to resume: candidates already there are not graded again",
                "(those that ended infra_error are).",
                "Exit code 0 when every candidate got a verdict (whatever it is), 1 when some could not be",
                "graded (infra_error), 2 for bad usage, an input file that cannot be used, or no sandbox."})
final class EvalCommand implements Callable<Integer> {

    /** Issues printed on stderr at most; the summary JSON lists them all. */
    static final int ISSUES_SHOWN = 50;

    @Option(names = "--problems", paramLabel = "P.jsonl",
            description = "Problems: name, formal_statement, header per line. Leave out for Kimina's candidates "
                    + "({\"custom_id\", \"proof\"}: whole files, graded without a statement).")
    Path problems;

    @Option(names = "--candidates", required = true, paramLabel = "C.jsonl",
            description = "Candidates: problem, attempt (optional), and code (a whole file) or proof (completes the formal_statement).")
    Path candidates;

    @Option(names = "--out", required = true, paramLabel = "V.jsonl",
            description = "Results: one line per candidate, appended as each finishes; read first to resume.")
    Path out;

    @Option(names = "--summary", paramLabel = "S.json", description = "Also write the summary as JSON here.")
    Path summary;

    @Option(names = "--junit", paramLabel = "R.xml", description = "Also write a JUnit XML report here (one testcase per candidate).")
    Path junit;

    @Option(names = "--k", split = ",", paramLabel = "K", description = "The k of pass@k, comma-separated (default: 1).")
    List<Integer> ks = List.of(1);

    @Option(names = "--trust", paramLabel = "LEVEL",
            description = "fast, gold or own (default: gold when the image supports it, else fast, noted in the summary).")
    String trust;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Candidates graded at once; also the default --pool-size (default: the number of processors, here ${DEFAULT-VALUE}).")
    int concurrency = Runtime.getRuntime().availableProcessors();

    @Mixin
    EngineOptions engineOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (concurrency < 1) {
            throw new ParameterException(spec.commandLine(), "--concurrency must be at least 1, got " + concurrency);
        }
        Trust level = trustLevel();
        Settings settings = engineOptions.settings(concurrency);
        Evaluation evaluation;
        try {
            evaluation = Evaluation.builder().problems(problems).candidates(candidates).out(out).summary(summary).junit(junit)
                    .ks(ks).concurrency(concurrency).maxSourceBytes(settings.maxSourceBytes()).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        // Input is read before any sandbox starts, so bad files cost nothing.
        try (EvalPlan plan = evaluation.prepare()) {
            report(plan.issues(), stderr);
            if (plan.pending().isEmpty() && plan.skippedByResume() == 0) {
                stderr.println(spec.qualifiedName() + ": no candidate of " + candidates + " can be graded (see the lines above)");
                stderr.flush();
                return EvalSummary.EXIT_BAD_INPUT;
            }
            EvalSummary result;
            if (plan.pending().isEmpty()) {
                // Everything is graded already: the summary needs no engine.
                result = plan.run((submission, t) -> {
                    throw new IllegalStateException("nothing to grade");
                }, TrustChoice.given(level != null ? level : Trust.FAST), Progress.SILENT);
            } else {
                try (LeanSandbox engine = EngineStart.start(settings)) {
                    if (level == Trust.GOLD && !engine.goldAvailable()) {
                        throw new IllegalArgumentException("--trust gold: the image " + settings.image() + " has no gold grading "
                                + "(comparator and docker/gold's scripts, built into the production image docker/Dockerfile); use --trust fast");
                    }
                    TrustChoice choice = level != null ? TrustChoice.given(level) : TrustChoice.byDefault(engine.goldAvailable());
                    result = plan.run(engine::grade, choice, ConsoleProgress.onStderr());
                }
            }
            stdout.print(SummaryReport.text(result, out.toString()));
            stdout.flush();
            return result.exitCode();
        }
    }

    private Trust trustLevel() {
        if (trust == null) {
            return null;
        }
        try {
            return Trust.parse(trust);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--trust: " + e.getMessage());
        }
    }

    /** The first {@link #ISSUES_SHOWN} issues, one a line, then how many more there are. */
    static void report(List<InputIssue> issues, PrintWriter err) {
        issues.stream().limit(ISSUES_SHOWN).forEach(issue -> err.println(issue));
        if (issues.size() > ISSUES_SHOWN) {
            err.println("... and " + (issues.size() - ISSUES_SHOWN) + " more issue(s), listed in the summary JSON (--summary)");
        }
        err.flush();
    }
}
