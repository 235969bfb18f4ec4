package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.mcp.selftest.BundledFixtures;
import io.leansandbox.mcp.selftest.CaseResult;
import io.leansandbox.mcp.selftest.ComparatorCaseFiles;
import io.leansandbox.mcp.selftest.EngineLean;
import io.leansandbox.mcp.selftest.Selftest;
import io.leansandbox.mcp.selftest.SelftestJson;
import io.leansandbox.mcp.selftest.SelftestPlan;
import io.leansandbox.mcp.selftest.SelftestSummary;
import io.leansandbox.mcp.selftest.TranscriptFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code selftest}: replays the recorded answers of the real Lean REPL (and comparator's recorded
 * verdicts) through the engine against the configured image, and says for each case whether the
 * image's answers equal the recorded ones.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check that the engine and the image's Lean agree: replay every recorded transcript of the real Lean REPL",
                "on a fresh REPL (comparing each answer as JSON) and grade comparator's test projects with gold grading",
                "(comparing with their recorded outcomes), then print, per case, match, the first difference, or why it was",
                "skipped. The recordings (made with Lean 4.33.0-rc2) ship with lean-sandbox; --transcripts runs your own.",
                "Exit code 0 when every case compared matches, 1 when one differs (or none could be compared), 2 when the",
                "self-test cannot run (bad usage, no Docker, no image)."})
final class SelftestCommand implements Callable<Integer> {

    @Option(names = "--transcripts", paramLabel = "DIR",
            description = "Recorded REPL transcripts to replay instead of the bundled ones: NAME.in (commands) beside "
                    + "NAME.expected.out (the REPL's answers), blank-line separated, searched recursively.")
    Path transcripts;

    @Option(names = "--comparator-tests", paramLabel = "DIR",
            description = "Comparator test projects (config.json, the challenge, Solution.lean, test.json each) instead of the bundled ones.")
    Path comparatorTests;

    @Option(names = "--json", description = "Print the results as one JSON document on stdout (each case's line goes to stderr).")
    boolean json;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Cases run at once, each in a sandbox of its own; also the default --pool-size (default: ${DEFAULT-VALUE}).")
    int concurrency = 2;

    @Mixin
    EngineOptions engineOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (concurrency < 1) {
            throw new ParameterException(spec.commandLine(), "--concurrency must be at least 1, got " + concurrency);
        }
        directory("--transcripts", transcripts);
        directory("--comparator-tests", comparatorTests);
        ObjectMapper mapper = new ObjectMapper();
        // The recordings are read before any sandbox starts: a bad directory costs nothing.
        SelftestPlan plan;
        try (BundledFixtures bundled = transcripts != null && comparatorTests != null ? null : BundledFixtures.open()) {
            plan = new SelftestPlan(new TranscriptFiles(mapper).load(transcripts != null ? transcripts : bundled.transcripts()),
                    new ComparatorCaseFiles(mapper).load(comparatorTests != null ? comparatorTests : bundled.comparatorTests()));
        }
        if (transcripts != null && plan.transcripts().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--transcripts: no recorded transcript in " + transcripts
                    + " (NAME.in with NAME.expected.out beside it)");
        }
        if (comparatorTests != null && plan.comparatorCases().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--comparator-tests: no test project in " + comparatorTests
                    + " (folders with config.json, the challenge, Solution.lean and test.json)");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter lines = json ? err : out;
        Settings settings = engineOptions.settings(concurrency);
        try (LeanSandbox engine = EngineStart.start(settings)) {
            String leanVersion = engine.status().leanVersion();
            lines.println("selftest of " + settings.image() + " (" + leanVersion + "): " + plan.transcripts().size()
                    + " transcript(s), " + plan.comparatorCases().size() + " comparator case(s)");
            lines.flush();
            SelftestSummary summary = new Selftest(new EngineLean(engine), concurrency).run(plan, r -> {
                lines.println(r.line());
                lines.flush();
            });
            summary.notes().forEach(note -> lines.println("selftest: " + note));
            lines.println("selftest: " + summary.line());
            explain(summary, lines);
            lines.flush();
            if (json) {
                out.println(SelftestJson.of(mapper, settings.image(), leanVersion, summary).toPrettyString());
                out.flush();
            }
            return summary.allMatch() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private static void explain(SelftestSummary summary, PrintWriter lines) {
        if (summary.count(CaseResult.Outcome.DIFFERS) > 0) {
            lines.println("selftest: the engine and this image's Lean disagree on the cases marked DIFFERS. Please report them "
                    + "(README, Self-test: the output of selftest --json and lean --version).");
        } else if (summary.count(CaseResult.Outcome.MATCH) == 0) {
            lines.println("selftest: nothing was compared (every case was skipped): this is no evidence that they agree.");
        }
    }

    private void directory(String option, Path dir) {
        if (dir != null && !Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), option + ": no such directory: " + dir);
        }
    }
}
