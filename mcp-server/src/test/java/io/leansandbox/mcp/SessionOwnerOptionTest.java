package io.leansandbox.mcp;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve --session-owner}: refused where it cannot apply, before any server or sandbox starts. */
class SessionOwnerOptionTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = LeanSandboxCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void onlyOverHttpOnlyKnownOwnersAndTokenOwnersNeedAToken() {
        assertThat(run("serve", "--session-owner", "token")).isEqualTo(2);
        assertThat(err.toString()).contains("--session-owner").contains("only with --http");
        err.getBuffer().setLength(0);
        assertThat(run("serve", "--http", "127.0.0.1:0", "--session-owner", "everyone")).isEqualTo(2);
        assertThat(err.toString()).contains("use mcp-session or token");
        err.getBuffer().setLength(0);
        if (System.getenv(BearerToken.ENV) == null) {
            assertThat(run("serve", "--http", "127.0.0.1:0", "--session-owner", "token")).isEqualTo(2);
            assertThat(err.toString()).contains("needs a token");
        }
    }
}
