package io.leansandbox.mcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One run of the shaded jar as a one-shot command ({@code check}, {@code eval}, {@code serve} that
 * fails to start), with none of this JVM's LEAN_DOCKER_MCP_* variables but {@code env}, stdin closed,
 * and its own java.io.tmpdir, so that what it leaves there can be seen.
 *
 * @param exit   the exit code
 * @param stdout what it printed
 * @param stderr what it printed on stderr
 * @param pid    its process id (the owner label of its containers)
 */
record JarCommand(int exit, String stdout, String stderr, long pid) {

    static JarCommand run(Path dir, Path tmp, Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        assertThat(ServerProcess.JAR).as("the shaded jar (built in the package phase)").isRegularFile();
        return run(ServerProcess.JAR, dir, tmp, env, args);
    }

    /** The same for the runnable jar at {@code jar} (a copy outside the checkout, as a user has it). */
    static JarCommand run(Path jar, Path dir, Path tmp, Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        Files.createDirectories(tmp);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-jar", jar.toAbsolutePath().toString()));
        command.addAll(args);
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(nul()));
        builder.environment().keySet().removeIf(name -> name.startsWith("LEAN_DOCKER_MCP_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("%s ends", args).isTrue();
        JarCommand run = new JarCommand(process.exitValue(), Files.readString(out), Files.readString(err), process.pid());
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    /** The lines of stderr that are not the engine's own log lines (the user's messages). */
    List<String> messages() {
        return stderr.lines().filter(line -> !line.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d+ .*")).toList();
    }

    private static java.io.File nul() {
        return new java.io.File("/dev/null");
    }
}
