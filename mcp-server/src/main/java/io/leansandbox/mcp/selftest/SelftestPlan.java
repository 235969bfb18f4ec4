package io.leansandbox.mcp.selftest;

import java.util.List;

/**
 * What a self-test runs.
 *
 * @param transcripts     recorded REPL transcripts, each replayed on a fresh REPL
 * @param comparatorCases comparator's test projects with recorded outcomes, each graded with gold grading
 */
public record SelftestPlan(List<RecordedTranscript> transcripts, List<ComparatorCase> comparatorCases) {

    public SelftestPlan {
        transcripts = List.copyOf(transcripts);
        comparatorCases = List.copyOf(comparatorCases);
    }

    public int size() {
        return transcripts.size() + comparatorCases.size();
    }
}
