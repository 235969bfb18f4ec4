package io.leansandbox.engine.grading.eval;

import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Trust;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Grades candidates on a fixed pool of threads and hands each result, with its index, to one
 * consumer on the caller's thread, in completion order: the consumer needs no locking, and a result
 * is passed on as soon as it exists. A candidate whose grading throws is still a result (see
 * {@link GradedCandidate#failed}), so one failure never loses another's.
 */
public final class ConcurrentGrading {

    /** Receives each result; runs on the thread that called {@link #run}. */
    @FunctionalInterface
    public interface Sink {
        void accept(int index, GradedCandidate result) throws Exception;
    }

    private final CandidateGrader grader;
    private final int concurrency;
    private final int maxSourceBytes;

    public ConcurrentGrading(CandidateGrader grader, int concurrency, int maxSourceBytes) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        this.grader = grader;
        this.concurrency = concurrency;
        this.maxSourceBytes = maxSourceBytes;
    }

    /**
     * Grades every candidate at {@code trust}. If {@code sink} throws, grading stops (candidates not
     * yet started are not graded) and the exception is rethrown, wrapped when it is checked.
     */
    public void run(List<Candidate> candidates, Trust trust, Sink sink) {
        if (candidates.isEmpty()) {
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, candidates.size()), task -> {
            Thread t = new Thread(task, "lean-sandbox-eval-" + threads.incrementAndGet());
            // A grading stuck past every limit must not keep the JVM alive once the caller has given up.
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<Indexed> done = new ExecutorCompletionService<>(pool);
            for (int i = 0; i < candidates.size(); i++) {
                int index = i;
                done.submit(() -> new Indexed(index, gradeOne(candidates.get(index), trust)));
            }
            for (int i = 0; i < candidates.size(); i++) {
                Indexed next = take(done);
                try {
                    sink.accept(next.index(), next.result());
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Grades one candidate; never throws: a failure is an {@code infra_error} (or {@code unverified}, see {@link GradedCandidate#failed}). */
    public GradedCandidate gradeOne(Candidate candidate, Trust trust) {
        long start = System.nanoTime();
        try {
            Grade grade = grader.grade(candidate.submission(maxSourceBytes), trust);
            if (grade == null) {
                throw new IllegalStateException("the grader returned no grade");
            }
            return GradedCandidate.of(candidate.key(), grade);
        } catch (RuntimeException | StackOverflowError e) {
            return GradedCandidate.failed(candidate.key(), trust, e, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private static Indexed take(CompletionService<Indexed> done) {
        Future<Indexed> future;
        try {
            future = done.take();
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while grading");
        } catch (ExecutionException e) {
            // gradeOne catches what a grader throws; only an Error can get here, and it is not the candidate's.
            throw new IllegalStateException("grading failed: " + e.getCause(), e.getCause());
        }
    }

    private record Indexed(int index, GradedCandidate result) {
    }
}
