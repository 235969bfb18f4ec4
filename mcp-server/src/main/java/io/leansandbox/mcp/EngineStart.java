package io.leansandbox.mcp;

import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.Settings;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Starts the engine for a command. When the image is missing, the engine's message names the build
 * command relative to a checkout ({@code docker build -t IMAGE docker/}); when this jar runs from a
 * checkout ({@code mcp-server/target/lean-sandbox.jar} beside {@code docker/Dockerfile}), the message
 * names the exact command instead, with absolute paths, so it works from any directory.
 */
final class EngineStart {

    /** The stand-in image {@code docker/build-images.sh} builds by default. */
    static final String STANDIN_IMAGE = "lean-sandbox/standin:latest";

    private static final String BUILD_IT = ". Build it: ";
    /** How long calls already waiting for the engine have to get their answer before a failed server exits. */
    static final Duration FAILED_START_GRACE = Duration.ofSeconds(1);

    private EngineStart() {
    }

    /** Starts an engine; a missing image fails with the exact command that builds it, when it can be told. */
    static LeanSandbox start(Settings settings) {
        try {
            return LeanSandbox.start(settings);
        } catch (SandboxUnavailableException e) {
            throw explained(e, settings.image(), checkoutDockerDir(codeLocation()));
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

    /** The command that builds {@code image} from the Dockerfiles in {@code dockerDir} (absolute). */
    static String buildCommand(String image, Path dockerDir) {
        Path dir = dockerDir.toAbsolutePath().normalize();
        if (image.startsWith("lean-sandbox/standin")) {
            String script = "bash " + dir.resolve("build-images.sh");
            return image.equals(STANDIN_IMAGE) ? script : "LEAN_SANDBOX_STANDIN_IMAGE=" + image + " " + script;
        }
        if (image.contains("mathlib")) {
            return "docker build -t " + image + " -f " + dir.resolve("Dockerfile.mathlib") + " " + dir
                    + " (after the base image: docker build -t " + Settings.DEFAULT_IMAGE + " -f " + dir.resolve("Dockerfile") + " " + dir + ")";
        }
        return "docker build -t " + image + " -f " + dir.resolve("Dockerfile") + " " + dir;
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
    private static Optional<Path> codeLocation() {
        try {
            var source = EngineStart.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
