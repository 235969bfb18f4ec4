package io.leansandbox.mcp.selftest;

import io.leansandbox.engine.DaemonThreads;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a {@link SelftestPlan} through the engine: each transcript on a fresh REPL, each comparator
 * case through gold grading, {@code concurrency} cases at a time, and reports each case's result in
 * the plan's order as soon as it and every case before it are done.
 *
 * <p>A case is skipped, never matched, when the image cannot give its recorded answers for a
 * reason that is not a disagreement between the engine and Lean: it needs Mathlib and the image
 * answers {@code import Mathlib} with an error, it uses files of the REPL's own test directory
 * ({@link TranscriptNeeds}), or the image has no gold grading.
 */
public final class Selftest {

    private final Lean lean;
    private final int concurrency;

    public Selftest(Lean lean, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        this.lean = lean;
        this.concurrency = concurrency;
    }

    public SelftestSummary run(SelftestPlan plan, Consumer<CaseResult> each) {
        List<Supplier<CaseResult>> cases = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        cases.addAll(transcriptCases(plan.transcripts(), notes));
        cases.addAll(comparatorCases(plan.comparatorCases()));
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, DaemonThreads.named("lean-sandbox-selftest"));
        try {
            List<Future<CaseResult>> running = new ArrayList<>();
            cases.forEach(c -> running.add(workers.submit(c::get)));
            List<CaseResult> results = new ArrayList<>();
            for (Future<CaseResult> result : running) {
                CaseResult r = await(result);
                each.accept(r);
                results.add(r);
            }
            return new SelftestSummary(results, notes);
        } finally {
            workers.shutdownNow();
        }
    }

    private List<Supplier<CaseResult>> transcriptCases(List<RecordedTranscript> transcripts, List<String> notes) {
        TranscriptReplay replay = new TranscriptReplay(lean);
        // Asked once, before anything runs, and only when some case needs the answer: on an image
        // with Mathlib the probe costs an import of Mathlib.
        boolean anyNeedsMathlib = transcripts.stream().anyMatch(t -> TranscriptNeeds.unreplayable(t).isEmpty() && TranscriptNeeds.mathlib(t));
        Optional<String> noMathlib = anyNeedsMathlib ? MathlibProbe.absence(lean) : Optional.empty();
        if (anyNeedsMathlib) {
            notes.add(noMathlib.map(why -> "Mathlib: no (" + why + "): the transcripts that need it were skipped")
                    .orElse("Mathlib: yes (a fresh REPL answered import Mathlib without an error): the transcripts that need it ran"));
        }
        List<Supplier<CaseResult>> out = new ArrayList<>();
        for (RecordedTranscript t : transcripts) {
            Optional<String> unreplayable = TranscriptNeeds.unreplayable(t);
            if (unreplayable.isPresent()) {
                out.add(() -> CaseResult.skipped(CaseResult.TRANSCRIPT, t.name(), unreplayable.get()));
            } else if (TranscriptNeeds.mathlib(t) && noMathlib.isPresent()) {
                out.add(() -> CaseResult.skipped(CaseResult.TRANSCRIPT, t.name(), "image has no Mathlib: " + noMathlib.get()));
            } else {
                out.add(() -> replay.replay(t));
            }
        }
        return out;
    }

    private List<Supplier<CaseResult>> comparatorCases(List<ComparatorCase> cases) {
        if (cases.isEmpty()) {
            return List.of();
        }
        GoldReplay replay = new GoldReplay(lean);
        boolean gold = lean.goldAvailable();
        List<Supplier<CaseResult>> out = new ArrayList<>();
        for (ComparatorCase c : cases) {
            out.add(gold ? () -> replay.replay(c)
                    : () -> CaseResult.skipped(CaseResult.COMPARATOR, c.name(), "image has no gold grading (comparator and docker/gold's "
                    + "scripts, docker/CONTRACT.md)"));
        }
        return out;
    }

    private static CaseResult await(Future<CaseResult> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("the self-test was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }
}
