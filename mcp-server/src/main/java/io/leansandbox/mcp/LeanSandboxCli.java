package io.leansandbox.mcp;

import io.leansandbox.engine.LeanSandboxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The {@code lean-sandbox} command line: {@code serve} (the default), {@code check}, {@code run}, {@code eval}, {@code setup}
 * and {@code selftest}.
 */
@Command(name = "lean-sandbox", mixinStandardHelpOptions = true, versionProvider = LeanSandboxCli.Version.class,
        description = "Run Lean 4 in sandboxes: an MCP server on stdio (the default), or check files, run code and grade "
                + "batches of proofs; setup builds the Lean image ahead of time, selftest checks that the engine and its Lean agree.",
        subcommands = {ServeCommand.class, CheckCommand.class, RunCommand.class, EvalCommand.class, SetupCommand.class,
                SelftestCommand.class, CdsTrainingCommand.class, HelpCommand.class})
public final class LeanSandboxCli implements Runnable {

    private static final Set<String> TOP_LEVEL_OPTIONS = Set.of("-h", "--help", "-V", "--version");
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        String[] arguments = withDefaultCommand(args);
        if (arguments.length > 0 && List.of("check", "run", "eval", "setup", "selftest").contains(arguments[0]) && System.getProperty(LOG_LEVEL) == null) {
            // People read these commands' output: the engine's progress lines would only be noise.
            System.setProperty(LOG_LEVEL, "warn");
        }
        if (arguments.length == 1 && arguments[0].equals("serve")) {
            // How MCP clients start the server (settings come from the environment), on the path they time up to
            // the answer to initialize: with no option to parse, the option parser (~90 ms of class loading) is skipped.
            System.exit(serveWithoutOptions());
        }
        if (arguments[0].equals("serve")) {
            // picocli models serve alone, not every command (modelling them all instantiates them, loading classes
            // serve does not need before initialize).
            System.exit(serveCommandLine().execute(Arrays.copyOfRange(arguments, 1, arguments.length)));
        }
        System.exit(commandLine().execute(arguments));
    }

    /** The command line, with its error handling: one line on stderr and exit code 2, never a stack trace. */
    static CommandLine commandLine() {
        return withErrorHandling(new CommandLine(new LeanSandboxCli()));
    }

    /** {@code serve} as a command line of its own (named {@code lean-sandbox serve}), with the same error handling. */
    static CommandLine serveCommandLine() {
        CommandLine serve = new CommandLine(new ServeCommand());
        serve.setCommandName("lean-sandbox serve");
        return withErrorHandling(serve);
    }

    /** {@code serve} with no options, as {@code serveCommandLine().execute()} runs it, errors included, without picocli. */
    static int serveWithoutOptions() {
        try {
            return ServeCommand.serveStdioWithDefaults();
        } catch (Exception e) {
            System.err.println("lean-sandbox serve: " + describe(e));
            System.err.flush();
            return ExitCodes.UNUSABLE;
        }
    }

    private static CommandLine withErrorHandling(CommandLine cli) {
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage())
                    + " (see --help)");
            failed.getErr().flush();
            return ExitCodes.UNUSABLE;
        });
        cli.setExecutionExceptionHandler((e, failed, parseResult) -> {
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + describe(e));
            failed.getErr().flush();
            return ExitCodes.UNUSABLE;
        });
        return cli;
    }

    /** {@code serve} is the default: prepended unless a subcommand or a top-level help option comes first. */
    static String[] withDefaultCommand(String[] args) {
        if (args.length > 0 && (!args[0].startsWith("-") || TOP_LEVEL_OPTIONS.contains(args[0]))) {
            return args;
        }
        String[] withServe = new String[args.length + 1];
        withServe[0] = "serve";
        System.arraycopy(args, 0, withServe, 1, args.length);
        return withServe;
    }

    /** Only reached when picocli is driven without {@link #withDefaultCommand}: show what there is. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** This build's version, from the jar's manifest ("dev" when run from classes). */
    static String version() {
        String version = LeanSandboxCli.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }

    private static String describe(Exception e) {
        boolean expected = e instanceof LeanSandboxException || e instanceof IllegalArgumentException
                || e instanceof io.leansandbox.engine.config.SettingsException
                || e instanceof io.leansandbox.engine.grading.eval.EvalInputException
                || e instanceof IOException || e instanceof UncheckedIOException;
        String message = e.getMessage();
        return oneLine(expected && message != null ? message : e.toString());
    }

    private static String oneLine(String message) {
        return String.join(" ", Arrays.stream(message.split("\\R")).map(String::strip).toList()).strip();
    }

    /** Reports {@link #version()} for {@code --version}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lean-sandbox " + version()};
        }
    }
}
