package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.lean.LeanSource;
import io.leansandbox.engine.result.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code run CODE}: runs Lean code and prints the result as JSON. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run Lean code and print the result as JSON on stdout.",
                "Exit code 0 when it succeeds without errors, 1 otherwise, 2 when it cannot run."})
final class RunCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    EngineOptions engineOptions;

    @Parameters(index = "0", paramLabel = "CODE", description = "Lean source, or - to read it (UTF-8) from stdin.")
    String code;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        // One run: no warm pool; its one sandbox is removed after use.
        Settings settings = engineOptions.settings(0);
        // Checked before the engine starts, so bad input fails fast.
        LeanSource source = "-".equals(code)
                ? LeanSource.fromUtf8(System.in.readAllBytes(), settings.maxSourceBytes())
                : LeanSource.of(code, settings.maxSourceBytes());
        try (LeanSandbox engine = EngineStart.start(settings)) {
            RunResult result = engine.run(source);
            PrintWriter out = spec.commandLine().getOut();
            out.println(JSON.writeValueAsString(ResultFields.of(result)));
            out.flush();
            return ExitCodes.of(result);
        }
    }
}
