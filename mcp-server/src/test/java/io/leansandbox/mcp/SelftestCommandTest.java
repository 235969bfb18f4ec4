package io.leansandbox.mcp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code selftest}'s options, refused before any engine starts (no Docker needed). */
class SelftestCommandTest {

    private static final String NO_IMAGE = "no-such/image:anywhere";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine cli = LeanSandboxCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void isListedAndDescribesItsOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("selftest");
        assertThat(run("selftest", "--help")).isZero();
        assertThat(out.toString()).contains("--transcripts", "--comparator-tests", "--json", "--concurrency", "--image", "Exit code 0");
    }

    @Test
    void badOptionsAreRefusedWithOneLineNamingThem() throws Exception {
        assertThat(run("selftest", "--image", NO_IMAGE, "--concurrency", "0")).isEqualTo(ExitCodes.UNUSABLE);
        assertThat(err.toString()).isEqualTo("lean-sandbox selftest: --concurrency must be at least 1, got 0 (see --help)\n");

        err.getBuffer().setLength(0);
        assertThat(run("selftest", "--image", NO_IMAGE, "--transcripts", dir.resolve("missing").toString())).isEqualTo(ExitCodes.UNUSABLE);
        assertThat(err.toString()).isEqualTo("lean-sandbox selftest: --transcripts: no such directory: " + dir.resolve("missing") + " (see --help)\n");

        err.getBuffer().setLength(0);
        Files.writeString(dir.resolve("unanswered.in"), "{\"cmd\": \"def f := 1\"}\n");
        assertThat(run("selftest", "--image", NO_IMAGE, "--transcripts", dir.toString())).isEqualTo(ExitCodes.UNUSABLE);
        assertThat(err.toString()).isEqualTo("lean-sandbox selftest: --transcripts: no recorded transcript in " + dir
                + " (NAME.in with NAME.expected.out beside it) (see --help)\n");

        err.getBuffer().setLength(0);
        assertThat(run("selftest", "--image", NO_IMAGE, "--comparator-tests", dir.toString())).isEqualTo(ExitCodes.UNUSABLE);
        assertThat(err.toString()).startsWith("lean-sandbox selftest: --comparator-tests: no test project in " + dir);
        assertThat(out.toString()).isEmpty();
    }
}
