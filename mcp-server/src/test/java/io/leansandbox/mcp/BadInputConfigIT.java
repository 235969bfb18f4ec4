package io.leansandbox.mcp;

import io.leansandbox.engine.config.SettingsException;
import io.leansandbox.engine.config.SettingsLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad configuration: the YAML file ({@code LEAN_DOCKER_MCP_CONFIG}) and LEAN_DOCKER_MCP_* variables,
 * given to the jar's {@code serve} the way an MCP client's configuration does. The standard: the
 * process exits with code 2 before it serves anything, one line on stderr names the setting, the
 * value and where it came from, nothing reaches stdout (the protocol stream), no stack trace.
 *
 * <p>Valid YAML that cannot mean a setting (a scalar section, a mapping value, a key given twice, a
 * size past its range) is refused too; those cases read the file with {@link SettingsLoader}
 * directly, which is what every front door does.
 */
class BadInputConfigIT {

    private static final String CATEGORY = "bad input (configuration)";

    @TempDir
    static Path dir;

    private static BadInputRows rows;

    @BeforeAll
    static void start() {
        rows = new BadInputRows("bad-input-configuration");
    }

    @AfterAll
    static void stop() {
        rows.close();
    }

    @Test
    void yamlThatDoesNotParse() throws Exception {
        // The parser's own words, with the line and column where it stopped.
        JarCommand serve = serveWith(file("unparsable.yaml", "docker:\n  pool_size: [1\n"));
        rows.tried(CATEGORY, "YAML that does not parse", firstMessage(serve), () -> {
            assertRefused(serve, "cannot read config file " + dir.resolve("unparsable.yaml") + ": while parsing a flow sequence");
            assertThat(serve.stderr()).contains("line 2");
        });
    }

    @Test
    void aFileThatIsNotUtf8() throws Exception {
        Path binary = dir.resolve("binary.yaml");
        Files.write(binary, new byte[] {(byte) 0xFF, (byte) 0xFE, 'd', 0});
        JarCommand serve = serveWith(binary);
        rows.tried(CATEGORY, "a config file that is not UTF-8", firstMessage(serve),
                () -> assertRefused(serve, "cannot read config file " + binary + ": ", "Invalid UTF-8 start byte 0xff"));
    }

    @Test
    void anUnknownKey() throws Exception {
        Path file = file("unknown-key.yaml", "docker:\n  pool_sise: 3\n");
        JarCommand serve = serveWith(file);
        rows.tried(CATEGORY, "an unknown key (docker.pool_sise)", firstMessage(serve),
                () -> assertRefused(serve, "unknown setting docker.pool_sise (from " + file + ")"));
    }

    @Test
    void anUnknownSection() throws Exception {
        Path file = file("unknown-section.yaml", "dokcer:\n  pool_size: 3\n");
        JarCommand serve = serveWith(file);
        rows.tried(CATEGORY, "an unknown section (dokcer:)", firstMessage(serve),
                () -> assertRefused(serve, "unknown section dokcer in " + file + " (expected docker, lean, grading or kubernetes)"));
    }

    @Test
    void aValueOfTheWrongType() throws Exception {
        Path file = file("wrong-type.yaml", "docker:\n  pool_size: lots\n");
        JarCommand serve = serveWith(file);
        rows.tried(CATEGORY, "a value of the wrong type (pool_size: lots)", firstMessage(serve),
                () -> assertRefused(serve, "bad value 'lots' for docker.pool_size (from " + file + ")"));
    }

    @Test
    void aListWhereOneValueBelongs() throws Exception {
        Path file = file("list.yaml", "docker:\n  timeout: [10, 20]\n");
        JarCommand serve = serveWith(file);
        rows.tried(CATEGORY, "a list where one value belongs (timeout: [10, 20])", firstMessage(serve),
                () -> assertRefused(serve, "for docker.timeout (from " + file + "): expected one value, not a list"));
    }

    @Test
    void aNegativeLimit() throws Exception {
        JarCommand serve = serveWith(file("negative.yaml", "docker:\n  timeout: -5\n"));
        rows.tried(CATEGORY, "a negative limit (timeout: -5)", firstMessage(serve),
                () -> assertRefused(serve, "timeout must be positive, got -5000 ms"));
    }

    @Test
    void aNegativeByteSize() throws Exception {
        Path file = file("negative-memory.yaml", "docker:\n  memory_limit: -1m\n");
        JarCommand serve = serveWith(file);
        rows.tried(CATEGORY, "a negative byte size (memory_limit: -1m)", firstMessage(serve),
                () -> assertRefused(serve, "bad value '-1m' for docker.memory_limit (from " + file + "): not a byte size"));
    }

    @Test
    void aTopLevelListInsteadOfSections() throws Exception {
        Path file = file("top-list.yaml", "- docker\n- lean\n");
        JarCommand serve = serveWith(file);
        rows.tried(CATEGORY, "a YAML list instead of sections", firstMessage(serve),
                () -> assertRefused(serve, "config file " + file + " must be a mapping of sections (docker:, lean:, grading:, kubernetes:)"));
    }

    @Test
    void aConfigFileThatDoesNotExist() throws Exception {
        Path missing = dir.resolve("no-such-config.yaml");
        JarCommand serve = JarCommand.run(dir, dir.resolve("tmp"), Map.of(SettingsLoader.CONFIG_VARIABLE, missing.toString()), serveArgs());
        rows.tried(CATEGORY, "a config file path that does not exist", firstMessage(serve),
                () -> assertRefused(serve, "config file " + missing + " (from LEAN_DOCKER_MCP_CONFIG) does not exist"));
    }

    @Test
    void aVariableWithABadValue() throws Exception {
        JarCommand serve = JarCommand.run(dir, dir.resolve("tmp"), Map.of("LEAN_DOCKER_MCP_TIMEOUT", "soon"), serveArgs());
        rows.tried(CATEGORY, "LEAN_DOCKER_MCP_TIMEOUT=soon", firstMessage(serve),
                () -> assertRefused(serve, "bad value 'soon' for docker.timeout (from environment variable LEAN_DOCKER_MCP_TIMEOUT)"));
    }

    @Test
    void anEmptyVariable() throws Exception {
        JarCommand serve = JarCommand.run(dir, dir.resolve("tmp"), Map.of("LEAN_DOCKER_MCP_POOL_SIZE", ""), serveArgs());
        rows.tried(CATEGORY, "LEAN_DOCKER_MCP_POOL_SIZE= (empty)", firstMessage(serve),
                () -> assertRefused(serve, "bad value '' for docker.pool_size (from environment variable LEAN_DOCKER_MCP_POOL_SIZE)"));
    }

    @Test
    void aNegativeVariable() throws Exception {
        JarCommand serve = JarCommand.run(dir, dir.resolve("tmp"), Map.of("LEAN_DOCKER_MCP_MAX_SESSIONS", "-3"), serveArgs());
        rows.tried(CATEGORY, "LEAN_DOCKER_MCP_MAX_SESSIONS=-3", firstMessage(serve),
                () -> assertRefused(serve, "max_sessions"));
    }

    @Test
    void anUnknownVariable() throws Exception {
        JarCommand serve = JarCommand.run(dir, dir.resolve("tmp"), Map.of("LEAN_DOCKER_MCP_POOLSIZE", "3"), serveArgs());
        rows.tried(CATEGORY, "an unknown variable (LEAN_DOCKER_MCP_POOLSIZE)", firstMessage(serve),
                () -> assertRefused(serve, "unknown setting variable LEAN_DOCKER_MCP_POOLSIZE"));
    }

    @Test
    void theCheckCommandRefusesTheSameWay() throws Exception {
        Path file = file("check-wrong-type.yaml", "docker:\n  cpu_limit: half\n");
        Files.writeString(dir.resolve("Fine.lean"), "def f := 37\n");
        JarCommand check = JarCommand.run(dir, dir.resolve("tmp"), Map.of(SettingsLoader.CONFIG_VARIABLE, file.toString()),
                List.of("check", "--image", ServerProcess.IMAGE, "Fine.lean"));
        rows.tried(CATEGORY, "check with a bad value (cpu_limit: half)", firstMessage(check), () -> {
            assertThat(check.exit()).isEqualTo(ExitCodes.UNUSABLE);
            assertThat(check.stderr()).startsWith("lean-sandbox check: bad value 'half' for docker.cpu_limit (from " + file + ")")
                    .doesNotContain("\tat ");
            assertThat(check.stdout()).isEmpty();
        });
    }

    // --- valid YAML that does not say what a setting can mean ------------------------------------------

    @Test
    void aSectionThatIsNotAMapping() throws Exception {
        Path file = file("scalar-section.yaml", "docker: 5\n");
        refusedWhenRead(file, "a section that is a scalar (docker: 5)", "section docker in " + file + " must be a mapping of keys");
    }

    @Test
    void aMappingWhereOneValueBelongs() throws Exception {
        Path file = file("mapping-value.yaml", "docker:\n  image: {name: lean}\n");
        refusedWhenRead(file, "a mapping where one value belongs (image: {name: lean})",
                "bad value for docker.image (from " + file + "): expected a value or a list, not a mapping");
    }

    @Test
    void aKeyGivenTwice() throws Exception {
        Path file = file("duplicate-key.yaml", "docker:\n  pool_size: 1\n  pool_size: 2\n");
        refusedWhenRead(file, "a key given twice (pool_size: 1, then 2)", "Duplicate field 'pool_size'");
    }

    @Test
    void aSourceLimitAboveTwoGibibytes() throws Exception {
        Path file = file("huge-source-limit.yaml", "docker:\n  max_source_bytes: 5g\n");
        refusedWhenRead(file, "max_source_bytes: 5g (beyond an int)", "bad value '5g' for docker.max_source_bytes");
    }

    private void refusedWhenRead(Path file, String check, String message) throws Exception {
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() ->
                SettingsLoader.load(Map.of(SettingsLoader.CONFIG_VARIABLE, file.toString()), dir.resolve("none.yaml")));
        String outcome = refused == null ? "accepted" : "refused: " + refused.getMessage().replace(dir + "/", "");
        rows.tried(CATEGORY, check, outcome, () -> assertThat(refused).isInstanceOf(SettingsException.class)
                .hasMessageContaining(message));
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private static Path file(String name, String yaml) throws Exception {
        return Files.writeString(dir.resolve(name), yaml);
    }

    /** {@code serve} as an MCP client starts it, settings from the file {@code config}. */
    private static JarCommand serveWith(Path config) throws Exception {
        return JarCommand.run(dir, dir.resolve("tmp"), Map.of(SettingsLoader.CONFIG_VARIABLE, config.toString()), serveArgs());
    }

    /** The stand-in image and no pool: should a bad file be accepted, nothing is built and nothing waits. */
    private static List<String> serveArgs() {
        return List.of("serve", "--image", ServerProcess.IMAGE, "--pool-size", "0");
    }

    private static String firstMessage(JarCommand run) {
        List<String> messages = run.messages();
        // Files by their names: the temporary directory's path says nothing.
        return ("exit " + run.exit() + ": " + (messages.isEmpty() ? "(nothing on stderr)" : messages.get(0))).replace(dir + "/", "");
    }

    /** Exit code 2 before serving, one line on stderr containing {@code parts}, nothing on stdout, no stack trace. */
    private static void assertRefused(JarCommand serve, String... parts) throws Exception {
        assertThat(serve.exit()).as("exit code; stderr: %s", serve.stderr()).isEqualTo(ExitCodes.UNUSABLE);
        assertThat(serve.stdout()).as("the protocol stream").isEmpty();
        assertThat(serve.stderr().lines()).as("one line").hasSize(1);
        assertThat(serve.stderr()).startsWith("lean-sandbox serve: ").contains(parts).doesNotContain("\tat ");
        assertThat(BadInputRows.containersOf(serve.pid())).isZero();
    }
}
