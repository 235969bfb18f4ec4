package io.leansandbox.mcp.bench;

import io.leansandbox.mcp.bench.ReliabilityReport.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReliabilityReportTest {

    @TempDir
    Path dir;

    @Test
    void oneTableInTheFixedOrderThenTotalsThatSayWhatDidNotRun() throws Exception {
        Files.writeString(dir.resolve("b-suite.json"), """
                [{"category": "leaks", "check": "containers leaked by b", "outcome": "1 left", "held": false, "figure": 1},
                 {"category": "bad input (eval JSONL)", "check": "a | pipe", "outcome": "skipped: <includes> **", "held": true, "figure": null}]
                """);
        Files.writeString(dir.resolve("a-suite.json"), """
                [{"category": "fault", "check": "kill the agent", "outcome": "restored", "held": true, "figure": null},
                 {"category": "bad input (MCP stdio)", "check": "not JSON", "outcome": "error -32700", "held": true, "figure": null},
                 {"category": "leaks", "check": "containers leaked by a", "outcome": "0 left", "held": true, "figure": 0},
                 {"category": "leaks", "check": "results lost by a", "outcome": "none", "held": true, "figure": 0}]
                """);
        Files.writeString(dir.resolve("notes.txt"), "not a suite");
        List<Row> rows = ReliabilityReport.read(dir);
        String md = ReliabilityReport.render(rows);

        List<String> table = md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| category")).toList();
        assertThat(table).containsExactly(
                "| fault | kill the agent | restored | yes |",
                "| bad input (MCP stdio) | not JSON | error -32700 | yes |",
                "| bad input (eval JSONL) | a \\| pipe | skipped: &lt;includes> \\*\\* | yes |",
                "| leaks | containers leaked by a | 0 left | yes |",
                "| leaks | containers leaked by b | 1 left | **no** |",
                "| leaks | results lost by a | none | yes |");
        assertThat(md).containsOnlyOnce("| category | check | outcome | held |")
                .contains("- load held: not run\n", "- faults survived: 1/1\n", "- hostile code contained: runc not run, runsc not run\n",
                        "- bad inputs tried: 2, 2 held\n", "- containers leaked: 1 (over 2 checks)\n", "- results lost: 0 (over 1 check)\n")
                .contains("```bash\nbash scripts/reliability.sh\n```")
                .contains("`a-suite`, `b-suite`");
    }

    @Test
    void withoutRowsEverythingIsNotRun() throws Exception {
        String md = ReliabilityReport.render(ReliabilityReport.read(dir.resolve("missing")));
        assertThat(md).contains("- bad inputs tried: not run\n", "- containers leaked: not run\n", "- results lost: not run\n",
                "(no suite has run)");
    }
}
