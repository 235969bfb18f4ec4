package io.leansandbox.engine.sandbox.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.ContainerLimits;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.sandbox.AgentScript;
import io.leansandbox.engine.sandbox.Sandbox;
import io.leansandbox.engine.sandbox.SandboxBackend;
import io.leansandbox.engine.sandbox.SandboxFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Sandboxes as plain child processes in a temporary directory, with the same agent, wall-clock
 * limit and output cap as in a container, but none of a container's isolation: for trusted code on
 * a machine with Lean (and python3) installed, and only when chosen explicitly.
 */
public final class LocalBackend implements SandboxBackend {

    private static final Logger log = LoggerFactory.getLogger(LocalBackend.class);

    private final Settings settings;
    private final SandboxFactory factory;
    private final Set<Process> agents = ConcurrentHashMap.newKeySet();
    /** The temporary directories of sandboxes not yet removed: close removes them too (one made while closing included). */
    private final Set<Path> dirs = ConcurrentHashMap.newKeySet();

    public LocalBackend(Settings settings, ObjectMapper json) {
        this.settings = settings;
        this.factory = new SandboxFactory(json);
    }

    @Override
    public Sandbox create(ContainerLimits ignored) {
        Path dir;
        try {
            dir = Files.createTempDirectory("lean-sandbox-");
            dirs.add(dir);
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot create a temporary directory: " + e.getMessage(), e);
        }
        // Run in the configured working directory when this machine has it (a Lake project), else in the temp dir.
        Path configured = Path.of(settings.workingDir());
        String workdir = Files.isDirectory(configured) ? configured.toString() : dir.toString();
        try {
            return factory.start("local-" + dir.getFileName(), transport -> startAgent(dir, transport),
                    () -> deleteTree(dir),
                    // The agent and the code share this user: an agent lost while code ran is the code's doing.
                    java.util.Optional::empty,
                    new Sandbox.AgentSetup(false, workdir, java.util.List.of(dir.toString()), dir.toString(), null, 0, 0),
                    Duration.ofSeconds(30));
        } catch (UncheckedIOException e) {
            deleteTree(dir);
            throw new SandboxUnavailableException("cannot start python3 for the local sandbox agent: "
                    + e.getCause().getMessage(), e);
        }
    }

    private SandboxFactory.Link startAgent(Path dir, SandboxFactory.Transport transport) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(AgentScript.command("python3")).directory(dir.toFile());
            settings.environment().forEach(v -> builder.environment().put(v.substring(0, v.indexOf('=')), v.substring(v.indexOf('=') + 1)));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        agents.add(process);
        pump(process.getInputStream(), transport, "agent-stdout-" + process.pid());
        drainToLog(process.getErrorStream(), "agent-stderr-" + process.pid());
        return new SandboxFactory.Link(process.getOutputStream(), () -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            agents.remove(process);
        });
    }

    private static void pump(InputStream from, SandboxFactory.Transport to, String name) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[1 << 16];
            try {
                for (int n; (n = from.read(buffer)) >= 0; ) {
                    to.agentStdout(buffer, 0, n);
                }
                to.agentEnded("the agent exited");
            } catch (IOException e) {
                to.agentEnded("reading the agent failed: " + e.getMessage());
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private static void drainToLog(InputStream from, String name) {
        Thread t = new Thread(() -> {
            try {
                new String(from.readAllBytes()).lines().forEach(line -> log.debug("{}: {}", name, line));
            } catch (IOException e) {
                // the agent is gone
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            dirs.remove(dir);
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            dirs.remove(dir);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }

    @Override
    public String describe() {
        return "local processes (no isolation)";
    }

    @Override
    public void close() {
        agents.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
        List.copyOf(dirs).forEach(this::deleteTree);
    }
}
