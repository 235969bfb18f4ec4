package io.leansandbox.mcp;

import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.Backend;
import io.leansandbox.engine.config.ImageNames;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.sandbox.docker.DockerBackend;
import io.leansandbox.engine.sandbox.docker.ImageBuilder;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Starts the engine for a command, building the image first when it is missing (setting
 * {@code docker.auto_build}, on by default): from the checkout's {@code docker/} directory when the
 * jar runs from one ({@code mcp-server/target/lean-sandbox.jar} beside {@code docker/Dockerfile}),
 * or from {@code docker.build_context}. When the image is missing and is not built, the message
 * names the exact command that builds it, with absolute paths, so it works from any directory.
 */
final class EngineStart {

    /** The stand-in image {@code docker/build-images.sh} builds by default. */
    static final String STANDIN_IMAGE = "lean-sandbox/standin:latest";

    private static final String BUILD_IT = ". Build it: ";
    /** How long calls already waiting for the engine have to get their answer before a failed server exits. */
    static final Duration FAILED_START_GRACE = Duration.ofSeconds(1);

    private EngineStart() {
    }

    /** Starts an engine for a one-shot command: a missing image is built first, its progress on stderr. */
    static LeanSandbox start(Settings settings) {
        return start(settings, new StartProgress(line -> System.err.println("lean-sandbox: " + line)));
    }

    /**
     * Starts an engine, first building the image if it is missing and may be built (telling
     * {@code progress}); a missing image that is not built fails with the exact command that builds it.
     */
    static LeanSandbox start(Settings settings, StartProgress progress) {
        Optional<Path> dockerDir = checkoutDockerDir(codeLocation());
        if (settings.backend() == Backend.DOCKER) {
            ensureImage(settings, progress, dockerDir);
        }
        try {
            return LeanSandbox.start(settings);
        } catch (SandboxUnavailableException e) {
            throw explained(e, settings.image(), dockerDir);
        }
    }

    /** Builds the image when the daemon lacks it and {@code docker.auto_build} allows; a cancelled {@code progress} stops the build. */
    static void ensureImage(Settings settings, StartProgress progress, Optional<Path> dockerDir) {
        try (ImageBuilder docker = ImageBuilder.connect(settings.dockerHost())) {
            progress.onCancel(docker::cancel);
            docker.ping();
            if (docker.exists(settings.image())) {
                return;
            }
            if (!settings.imageBuild().auto()) {
                throw explained(DockerBackend.missingImage(settings.image(), docker.daemon()), settings.image(), dockerDir);
            }
            try (LeanImageContext context = LeanImageContext.find(dockerDir, settings.imageBuild())) {
                List<ImageBuilder.Build> builds = ImageSetup.plan(settings, context.dir(), docker::exists, false, docker.daemon());
                ImageSetup.run(docker, builds, settings.image(), progress, false);
            }
        } finally {
            progress.onCancel(() -> { });
        }
    }

    /**
     * Makes the process exit with {@link ExitCodes#UNUSABLE} shortly after {@code engine} fails to start.
     * The engine never retries a failed start (a missing image, no Docker), and a server that can never
     * run Lean must not look alive: the cause is logged at once (by {@link BackgroundEngine}), the tool
     * calls already waiting are answered with it, then the process exits; shutdown hooks still run.
     */
    static void exitWhenItFails(BackgroundEngine engine) {
        engine.whenStartFails(cause -> {
            Thread exit = new Thread(() -> {
                try {
                    Thread.sleep(FAILED_START_GRACE.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                System.exit(ExitCodes.UNUSABLE);
            }, "lean-sandbox-failed-start-exit");
            exit.setDaemon(true);
            exit.start();
        });
    }

    /**
     * {@code e} again, or, when it says {@code image} is missing and {@code dockerDir} is known, an
     * exception whose message ends in the exact command that builds the image.
     */
    static SandboxUnavailableException explained(SandboxUnavailableException e, String image, Optional<Path> dockerDir) {
        String message = e.getMessage();
        int buildIt = message == null ? -1 : message.indexOf(BUILD_IT);
        if (dockerDir.isEmpty() || buildIt < 0 || !message.startsWith("the image '" + image + "' is not in the Docker daemon")) {
            return e;
        }
        return new SandboxUnavailableException(message.substring(0, buildIt) + BUILD_IT + buildCommand(image, dockerDir.get()), e);
    }

    /**
     * The command that builds {@code image} from the checkout whose {@code docker/} directory is
     * {@code dockerDir} (absolute paths): {@code bin/lean-sandbox setup}, and the {@code docker build}
     * it stands for; the stand-in's script for the stand-in image.
     */
    static String buildCommand(String image, Path dockerDir) {
        Path dir = dockerDir.toAbsolutePath().normalize();
        if (ImageNames.isStandIn(image)) {
            String script = "bash " + dir.resolve("build-images.sh");
            return image.equals(STANDIN_IMAGE) ? script : "LEAN_SANDBOX_STANDIN_IMAGE=" + image + " " + script;
        }
        String setup = dir.resolveSibling("bin").resolve("lean-sandbox") + " setup"
                + (image.equals(Settings.DEFAULT_IMAGE) ? "" : image.equals(ImageNames.MATHLIB) ? " --mathlib" : " --image " + image);
        String base = "docker build -t " + Settings.DEFAULT_IMAGE + " -f " + dir.resolve("Dockerfile") + " " + dir;
        if (ImageNames.isMathlib(image)) {
            return setup + " (or: " + base + ", then docker build -t " + image + " --build-arg BASE_IMAGE=" + Settings.DEFAULT_IMAGE
                    + " -f " + dir.resolve("Dockerfile.mathlib") + " " + dir + ")";
        }
        return setup + " (or: docker build -t " + image + " -f " + dir.resolve("Dockerfile") + " " + dir + ")";
    }

    /**
     * The checkout's {@code docker/} directory when {@code codeLocation} is
     * {@code CHECKOUT/mcp-server/target/lean-sandbox.jar} and {@code CHECKOUT/docker/Dockerfile} exists.
     */
    static Optional<Path> checkoutDockerDir(Optional<Path> codeLocation) {
        return codeLocation
                .map(jar -> jar.toAbsolutePath().normalize())
                .filter(jar -> Files.isRegularFile(jar) && jar.getFileName().toString().equals("lean-sandbox.jar"))
                .map(Path::getParent)
                .filter(target -> target != null && target.getFileName() != null && target.getFileName().toString().equals("target"))
                .map(Path::getParent)
                .filter(module -> module != null && module.getFileName() != null && module.getFileName().toString().equals("mcp-server"))
                .map(module -> module.resolveSibling("docker"))
                .filter(docker -> Files.isRegularFile(docker.resolve("Dockerfile")));
    }

    /** Where this class was loaded from: the jar, or a classes directory. */
    static Optional<Path> codeLocation() {
        try {
            var source = EngineStart.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
