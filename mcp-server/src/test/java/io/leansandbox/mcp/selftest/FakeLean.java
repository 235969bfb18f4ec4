package io.leansandbox.mcp.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;
import io.leansandbox.engine.lean.ReplResponseParser;
import io.leansandbox.engine.lean.ReplStep;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link Lean} without Docker: each fresh REPL answers a command with {@code answers}' reply to its
 * history (the commands of this REPL so far), null meaning the REPL ended without answering.
 */
final class FakeLean implements Lean {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ReplResponseParser PARSER = new ReplResponseParser(JSON);

    final AtomicInteger replsOpened = new AtomicInteger();
    final AtomicInteger replsClosed = new AtomicInteger();
    private final Function<List<JsonNode>, String> answers;
    private final boolean gold;
    private final Map<String, Verdict> verdicts;

    FakeLean(Function<List<JsonNode>, String> answers, boolean gold, Map<String, Verdict> verdicts) {
        this.answers = answers;
        this.gold = gold;
        this.verdicts = verdicts;
    }

    @Override
    public Repl openRepl() {
        replsOpened.incrementAndGet();
        List<JsonNode> history = new ArrayList<>();
        return new Repl() {
            @Override
            public ReplStep exchange(JsonNode command) {
                history.add(command);
                String answer = answers.apply(List.copyOf(history));
                RunResult result = RunResult.infrastructureError(RunMode.CHECK, "fake", Duration.ZERO);
                return new ReplStep(result, answer == null ? null : PARSER.parse(answer));
            }

            @Override
            public void close() {
                replsClosed.incrementAndGet();
            }
        };
    }

    @Override
    public boolean goldAvailable() {
        return gold;
    }

    @Override
    public Grade gradeGold(ComparatorCase c) {
        return new Grade(verdicts.get(c.name()), Trust.GOLD, "fake verdict", List.of(),
                RunResult.infrastructureError(RunMode.CHECK, "fake", Duration.ZERO), Duration.ZERO);
    }
}
