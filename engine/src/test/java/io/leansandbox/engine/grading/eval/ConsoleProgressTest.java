package io.leansandbox.engine.grading.eval;

import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleProgressTest {

    private final AtomicLong now = new AtomicLong();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static GradedCandidate result(Verdict v) {
        return new GradedCandidate(new AttemptKey("p", 0), v, Trust.FAST, Map.of(), List.of(), "", 5);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTerminalGetsOneLineRewrittenInPlace() {
        ConsoleProgress progress = new ConsoleProgress(stream, true, now::get);
        progress.started(4, 0);
        now.addAndGet(1_000_000_000L);
        progress.graded(result(Verdict.VALID));
        now.addAndGet(1_000_000_000L);
        progress.graded(result(Verdict.ERROR));
        progress.graded(result(Verdict.ERROR));
        now.addAndGet(1_000_000_000L);
        progress.graded(result(Verdict.VALID));
        progress.finished();
        assertThat(printed()).isEqualTo("\rgraded 1/4, 1.0/s, ETA 0:03 | valid 1"
                + "\rgraded 2/4, 1.0/s, ETA 0:02 | valid 1, error 1"
                + "\rgraded 4/4, 1.3/s, 0:03 in all | valid 2, error 2\n");
    }

    @Test
    void elsewhereAPlainLineEveryFiveSecondsAndAtTheEnd() {
        ConsoleProgress progress = new ConsoleProgress(stream, false, now::get);
        progress.started(3, 2);
        now.addAndGet(1_000_000_000L);
        progress.graded(result(Verdict.SORRY));
        now.addAndGet(5_000_000_000L);
        progress.graded(result(Verdict.SORRY));
        progress.graded(result(Verdict.TIMEOUT));
        progress.finished();
        assertThat(printed().lines()).containsExactly(
                "grading 3 candidate(s), 2 already graded (resumed)",
                "graded 2/3, 0.3/s, ETA 0:03 | sorry 2",
                "graded 3/3, 0.5/s, 0:06 in all | sorry 2, timeout 1");
    }
}
