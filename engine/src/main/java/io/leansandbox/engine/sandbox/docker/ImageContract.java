package io.leansandbox.engine.sandbox.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.leansandbox.engine.config.ContainerLimits;
import io.leansandbox.engine.config.ImageNames;
import io.leansandbox.engine.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Checks that an image has the executables docker/CONTRACT.md requires of it, {@code repl} and
 * {@code lean} on PATH and {@code python3}, with one short-lived container (~0.2 s), once per image
 * id and JVM. An image without them (the original Python server's image has no REPL; a bare Debian
 * image has neither) gets one message naming the image, what it lacks and how to fix it, instead of
 * a confusing failure at the first run.
 */
final class ImageContract {

    private static final Logger log = LoggerFactory.getLogger(ImageContract.class);

    /** The executables checked, in the order messages name them. */
    static final List<String> EXECUTABLES = List.of("repl", "lean", "python3");
    /** In a list of what is missing: neither python3 nor a shell ran, so repl and lean could not be looked for. */
    static final String NOTHING_RUNS = "(nothing to look for repl and lean with)";
    private static final String PYTHON_CHECK =
            "import json, shutil; print(json.dumps([x for x in ('repl', 'lean') if shutil.which(x) is None]))";
    private static final String SHELL_CHECK =
            "for x in repl lean; do command -v \"$x\" >/dev/null 2>&1 || echo \"$x\"; done";
    private static final long WAIT_SECONDS = 30;

    /** Image id to what it lacks: the answer for an image never changes. */
    private static final Map<String, List<String>> CHECKED = new ConcurrentHashMap<>();

    private ImageContract() {
    }

    /**
     * What of {@link #EXECUTABLES} {@code image} (whose id is {@code imageId}) lacks; empty when it has
     * them all, or when the check itself could not run (then the first sandbox will tell).
     */
    static List<String> missing(DockerClient docker, String image, String imageId, ContainerLimits limits,
                                Map<String, String> labels, ObjectMapper json) {
        List<String> known = CHECKED.get(imageId);
        if (known != null) {
            return known;
        }
        Optional<List<String>> found = check(docker, image, limits, labels, json);
        found.ifPresent(missing -> CHECKED.put(imageId, missing));
        return found.orElse(List.of());
    }

    private static Optional<List<String>> check(DockerClient docker, String image, ContainerLimits limits,
                                                Map<String, String> labels, ObjectMapper json) {
        try {
            Run python = run(docker, image, List.of("python3", "-I", "-c", PYTHON_CHECK), limits, labels);
            if (python.started()) {
                if (python.exitCode() != 0) {
                    log.warn("cannot check the image {} (python3 ended with {}: {})", image, python.exitCode(), python.output().strip());
                    return Optional.empty();
                }
                JsonNode answer = json.readTree(python.output().strip());
                List<String> missing = new ArrayList<>();
                answer.forEach(name -> missing.add(name.asText()));
                return Optional.of(List.copyOf(missing));
            }
            // No python3: look for the others with a shell, if there is one.
            Run shell = run(docker, image, List.of("sh", "-c", SHELL_CHECK), limits, labels);
            List<String> missing = new ArrayList<>();
            if (shell.started()) {
                shell.output().lines().map(String::strip).filter(EXECUTABLES::contains).forEach(missing::add);
            }
            missing.add("python3");
            if (!shell.started()) {
                missing.add(NOTHING_RUNS);
            }
            return Optional.of(List.copyOf(missing));
        } catch (Exception e) {
            log.warn("cannot check the image {}: {}", image, DockerBackend.rootMessage(e));
            return Optional.empty();
        }
    }

    /** What a check container did: whether its command started at all, its exit code and its output. */
    private record Run(boolean started, int exitCode, String output) {
    }

    private static Run run(DockerClient docker, String image, List<String> command, ContainerLimits limits,
                           Map<String, String> labels) throws InterruptedException {
        // No init: without one, a missing executable fails the start itself (with one, docker-init would exit 127).
        HostConfig host = ContainerSpec.hostConfig(limits).withInit(false);
        String id = docker.createContainerCmd(image)
                .withEntrypoint(command.get(0))
                .withCmd(command.subList(1, command.size()))
                .withUser(limits.user())
                .withLabels(labels)
                .withHostConfig(host)
                .exec().getId();
        try {
            try {
                docker.startContainerCmd(id).exec();
            } catch (RuntimeException e) {
                String message = String.valueOf(e.getMessage());
                if (message.contains("executable file not found") || message.contains("no such file or directory")) {
                    return new Run(false, -1, "");
                }
                throw e;
            }
            Integer code = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(WAIT_SECONDS, TimeUnit.SECONDS);
            StringBuilder out = new StringBuilder();
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    })
                    .awaitCompletion(WAIT_SECONDS, TimeUnit.SECONDS);
            return new Run(true, code == null ? -1 : code, out.toString());
        } finally {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException e) {
                // gone already
            } catch (RuntimeException e) {
                log.warn("could not remove check container {}: {}", DockerBackend.shortId(id), DockerBackend.rootMessage(e));
            }
        }
    }

    /** The message for {@code image}, which lacks {@code missing}: what, why it matters, and how to fix it. */
    static String violation(String image, List<String> missing) {
        StringBuilder message = new StringBuilder("the image '").append(image)
                .append("' is not a lean-sandbox image: it has no ").append(listed(missing))
                .append(missing.contains(NOTHING_RUNS) ? ", and no shell either, so repl and lean could not be looked for" : "")
                .append(" (docker/CONTRACT.md: lean-sandbox checks Lean through the REPL, `repl` and `lean` on PATH, "
                        + "and runs an agent with python3 in every sandbox).");
        if (ImageNames.isSeed(image)) {
            message.append(" It is the image of the original lean-docker-mcp server, which runs `lean` without the REPL"
                    + " and cannot serve lean-sandbox.");
        }
        message.append(" Use lean-sandbox's image: leave docker.image (or --image) unset to use ")
                .append(Settings.DEFAULT_IMAGE)
                .append(", which serve builds when it is missing, or build it with bin/lean-sandbox setup.");
        return message.toString();
    }

    private static String listed(List<String> names) {
        List<String> ordered = EXECUTABLES.stream().filter(names::contains).toList();
        if (ordered.size() == 1) {
            return ordered.get(0);
        }
        return String.join(", ", ordered.subList(0, ordered.size() - 1)) + " or " + ordered.get(ordered.size() - 1);
    }
}
