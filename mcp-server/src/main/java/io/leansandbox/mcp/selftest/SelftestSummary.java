package io.leansandbox.mcp.selftest;

import java.util.List;

/**
 * Every case's result, in the plan's order.
 *
 * @param results the cases' results
 * @param notes   what the self-test found out about the image on the way (whether it has Mathlib), one sentence each
 */
public record SelftestSummary(List<CaseResult> results, List<String> notes) {

    public SelftestSummary {
        results = List.copyOf(results);
        notes = List.copyOf(notes);
    }

    public long count(CaseResult.Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** Every case that was compared matched, and at least one was compared: a skip alone proves nothing. */
    public boolean allMatch() {
        return count(CaseResult.Outcome.DIFFERS) == 0 && count(CaseResult.Outcome.MATCH) > 0;
    }

    /** {@code N match, N differ, N skipped (of N cases)}. */
    public String line() {
        return count(CaseResult.Outcome.MATCH) + " match, " + count(CaseResult.Outcome.DIFFERS) + " differ, "
                + count(CaseResult.Outcome.SKIPPED) + " skipped (of " + results.size() + " cases)";
    }
}
