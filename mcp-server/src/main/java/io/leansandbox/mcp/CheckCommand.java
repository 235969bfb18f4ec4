package io.leansandbox.mcp;

import io.leansandbox.engine.InvalidSourceException;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code check FILE...}: runs each file through the engine and prints its status and Lean's messages. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check .lean files: print each file's status and Lean's messages.",
                "Exit code 0 when every file succeeds without errors, 1 otherwise, 2 when the check cannot run."})
final class CheckCommand implements Callable<Integer> {

    @Mixin
    EngineOptions engineOptions;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .lean files to check.")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // Files are read before any sandbox starts, so a typo costs nothing.
        List<byte[]> sources = new ArrayList<>();
        for (Path file : files) {
            sources.add(read(file));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exit = ExitCodes.OK;
        // Files are checked one after another, so one warm sandbox is enough.
        try (LeanSandbox engine = EngineStart.start(engineOptions.settings(1))) {
            for (int i = 0; i < files.size(); i++) {
                String file = files.get(i).toString();
                try {
                    RunResult result = engine.run(sources.get(i));
                    report(file, result).forEach(out::println);
                    if (result.status() == Status.INFRASTRUCTURE_ERROR) {
                        err.println(file + ": " + result.stderr().strip());
                    }
                    exit = Math.max(exit, ExitCodes.of(result));
                } catch (InvalidSourceException e) {
                    out.println(file + ": REFUSED (" + e.getMessage() + ")");
                    exit = Math.max(exit, ExitCodes.FAILED);
                }
                out.flush();
            }
        }
        return exit;
    }

    /** {@code FILE: STATUS (N ms)}, then {@code FILE:LINE:COL: severity: message} per diagnostic. */
    static List<String> report(String file, RunResult result) {
        List<String> lines = new ArrayList<>();
        lines.add(file + ": " + result.status() + " (" + result.elapsed().toMillis() + " ms)");
        for (Diagnostic diagnostic : result.diagnostics()) {
            lines.add(file + ":" + diagnostic);
        }
        return lines;
    }

    private byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "no such file: " + file);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
        }
    }
}
