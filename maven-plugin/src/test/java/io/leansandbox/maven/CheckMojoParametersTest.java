package io.leansandbox.maven;

import io.leansandbox.engine.testing.ReliabilityRows;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Bad parameters of {@code lean-sandbox:check}: the goal itself, its parameters set as Maven sets
 * them (fields), run on a project with a Lean file. Each must stop the build with a
 * {@link MojoExecutionException} that names the parameter, its property and what to do, before any
 * sandbox starts (so these run without Docker). The invoker projects under src/it show the same
 * messages in a real build (negative-timeout, unknown-backend, missing-source-dir, non-lean-include).
 */
class CheckMojoParametersTest {

    private static final String CATEGORY = "bad input (Maven plugin)";

    @TempDir
    Path project;

    private static ReliabilityRows rows;

    @BeforeAll
    static void start() {
        rows = ReliabilityRows.forSuite("bad-input-maven-plugin");
    }

    @AfterAll
    static void stop() {
        rows.close();
    }

    @Test
    void aNegativeTimeout() throws Exception {
        refused("timeout -1", Map.of("timeout", -1), "timeout must be a positive number of seconds, got -1 (parameter timeout, -Dlean-sandbox.timeout)");
    }

    @Test
    void aZeroTimeout() throws Exception {
        refused("timeout 0", Map.of("timeout", 0), "timeout must be a positive number of seconds, got 0");
    }

    @Test
    void noParallelism() throws Exception {
        refused("parallelism 0", Map.of("parallelism", 0), "parallelism must be 1 or more, got 0 (parameter parallelism, -Dlean-sandbox.parallelism)");
    }

    @Test
    void anUnknownBackend() throws Exception {
        refused("backend podman (unknown)", Map.of("backend", "podman"),
                "Unknown backend 'podman' (parameter backend, -Dlean-sandbox.backend): use docker, or local");
    }

    @Test
    void aSourceDirectoryThatDoesNotExist() throws Exception {
        refused("a source directory that does not exist", Map.of("sourceDirectories", List.of(new File("src/lean"))),
                "The source directory " + project.resolve("src/lean") + " does not exist. Create it, or fix <sourceDirectories>");
    }

    @Test
    void aSourceDirectoryThatIsAFile() throws Exception {
        refused("a source directory that is a file", Map.of("sourceDirectories", List.of(new File("src/main/lean/Def.lean"))),
                "is a file, not a directory. List directories in <sourceDirectories> and select files with <includes>");
    }

    @Test
    void anIncludeThatSelectsNoLeanFile() throws Exception {
        refused("an include that selects no .lean file (**/*.txt)", Map.of("includes", List.of("**/*.txt")),
                "The include '**/*.txt' does not select .lean files");
    }

    @Test
    void anEmptyInclude() throws Exception {
        refused("an empty include", Map.of("includes", List.of(" ")), "<includes> has an empty entry: give a pattern such as **/*.lean");
    }

    @Test
    void aFailOnSwitchThatIsNeitherTrueNorFalse() throws Exception {
        refused("failOnSorry ture (a typo)", Map.of("failOnSorry", "ture"),
                "failOnSorry must be true or false, got 'ture' (parameter failOnSorry, -Dlean-sandbox.failOnSorry)");
    }

    @Test
    void aFailOnSwitchAsMavenWouldReadYes() throws Exception {
        refused("failOnError yes (not a Maven boolean)", Map.of("failOnError", "yes"), "failOnError must be true or false, got 'yes'");
    }

    /** Runs the goal with {@code parameters}; it must fail at once with {@code message}. */
    private void refused(String check, Map<String, Object> parameters, String message) throws Exception {
        Path lean = project.resolve("src/main/lean/Def.lean");
        Files.createDirectories(lean.getParent());
        Files.writeString(lean, "def f := 37\n");
        CheckMojo mojo = new CheckMojo();
        set(mojo, "basedir", project.toFile());
        set(mojo, "failOnError", "true");
        set(mojo, "failOnSorry", "true");
        set(mojo, "incremental", true);
        set(mojo, "image", "lean-sandbox/no-such-image:never-started");
        set(mojo, "reportsDirectory", project.resolve("target/lean-sandbox-reports").toFile());
        set(mojo, "cacheFile", project.resolve("target/lean-sandbox-cache.json").toFile());
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            set(mojo, parameter.getKey(), parameter.getValue());
        }
        Throwable thrown = catchThrowable(mojo::execute);
        String outcome = (thrown == null ? "no error" : thrown.getClass().getSimpleName() + ": " + thrown.getMessage())
                .replace(project + "/", ""); // the temporary project's path says nothing
        boolean held = false;
        try {
            assertThat(thrown).isInstanceOf(MojoExecutionException.class).hasMessageContaining(message);
            assertThat(project.resolve("target")).as("nothing written: the check never started").doesNotExist();
            held = true;
        } finally {
            rows.add(CATEGORY, check, outcome.length() > 110 ? outcome.substring(0, 107) + "..." : outcome, held);
        }
    }

    private static void set(CheckMojo mojo, String name, Object value) throws ReflectiveOperationException {
        Field field = CheckMojo.class.getDeclaredField(name);
        field.setAccessible(true);
        field.set(mojo, value);
    }
}
