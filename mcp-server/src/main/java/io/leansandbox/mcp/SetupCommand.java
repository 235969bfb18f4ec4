package io.leansandbox.mcp;

import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.config.Backend;
import io.leansandbox.engine.config.ImageNames;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.config.SettingsLoader;
import io.leansandbox.engine.sandbox.docker.ImageBuilder;
import io.leansandbox.engine.warm.WarmSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code setup}: builds the Lean image ahead of time (what {@code serve} does by itself when the
 * image is missing), with Docker's output on stderr, then checks it: an engine starts on it (which
 * checks the image contract) and one sandbox answers {@code lean --version}.
 */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Build the Lean image if it is missing (docker/Dockerfile; with --mathlib docker/Dockerfile.mathlib on top "
                + "of it), Docker's output on stderr, then check it and print its Lean version.",
                "The image is docker.image (default: lean-sandbox:<version>, also tagged lean-sandbox:latest). serve builds a "
                        + "missing image by itself; this does it ahead of time. Exit code 0 when the image is ready, 2 otherwise."})
final class SetupCommand implements Callable<Integer> {

    @Option(names = "--mathlib",
            description = "Build the Mathlib image (" + "lean-sandbox:mathlib-<version>, also tagged lean-sandbox:mathlib), and the "
                    + "production image it is built on if that is missing.")
    boolean mathlib;

    @Option(names = "--image", paramLabel = "IMAGE", description = "The image to build (default: docker.image; with --mathlib, the Mathlib image).")
    String image;

    @Option(names = "--rebuild", description = "Build even if the image exists (Docker's cache keeps unchanged steps quick).")
    boolean rebuild;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Settings configured = SettingsLoader.load();
        String target = image != null ? image : mathlib ? ImageNames.MATHLIB : configured.image();
        WarmSettings w = configured.warm();
        PoolSettings p = configured.pool();
        // The check needs one sandbox, made when it is asked for: no pool, no warm REPLs.
        Settings settings = configured.toBuilder()
                .backend(Backend.DOCKER)
                .image(target)
                .pool(new PoolSettings(p.enabled(), 0, p.maxAge(), p.maxConcurrentCreations(), p.maxSandboxes(), p.acquireTimeout()))
                .warm(new WarmSettings(w.enabled(), w.perHeader(), w.maxRepls(), w.maxUses(), w.memoryBytes(), w.recycleMemoryBytes(), List.of()))
                .build();
        PrintWriter err = spec.commandLine().getErr();
        StartProgress progress = new StartProgress(Clock.systemUTC(), line -> say(err, line), line -> {
            err.println(line);
            err.flush();
        });
        try (ImageBuilder docker = ImageBuilder.connect(settings.dockerHost())) {
            docker.ping();
            if (docker.exists(target) && !rebuild) {
                say(err, target + " is there already: nothing to build (--rebuild builds it again)");
            } else {
                try (LeanImageContext context = LeanImageContext.find(EngineStart.checkoutDockerDir(EngineStart.codeLocation()), settings.imageBuild())) {
                    List<ImageBuilder.Build> builds = ImageSetup.plan(settings, context.dir(), docker::exists, rebuild, docker.daemon());
                    builds.forEach(build -> say(err, build.command()));
                    ImageSetup.run(docker, builds, target, progress, rebuild);
                }
            }
        }
        say(err, "checking " + target + " ...");
        try (LeanSandbox lean = LeanSandbox.start(settings)) {
            String version = lean.status().leanVersion();
            List<String> aliases = ImageNames.aliases(target);
            PrintWriter out = spec.commandLine().getOut();
            out.println("ready: " + target + (aliases.isEmpty() ? "" : " (also " + String.join(", ", aliases) + ")") + ": " + version);
            out.flush();
        }
        return ExitCodes.OK;
    }

    private static void say(PrintWriter err, String line) {
        err.println("lean-sandbox setup: " + line);
        err.flush();
    }
}
