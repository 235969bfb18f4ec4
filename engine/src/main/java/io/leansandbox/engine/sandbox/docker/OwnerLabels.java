package io.leansandbox.engine.sandbox.docker;

import io.leansandbox.engine.sandbox.Labels;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The labels every container carries, naming the engine (and the JVM) that owns it: the engine's
 * {@link Reaper} removes them by the engine label when the JVM dies, and any later engine can tell
 * whether the owner is still alive: a container whose owning JVM on this host is gone is an orphan
 * (a reaper that could not run, or did not finish, leaves such containers). An engine that runs in
 * a container on the same daemon also names that {@code container} (null otherwise), since its pid
 * and host name are its container's own; and its {@code pidNamespace} (null: unknown), since a pid
 * means something only in its own namespace.
 */
record OwnerLabels(String engineId, String host, long pid, long pidStartMillis, String container, String pidNamespace) {

    static final String MANAGED = Labels.MANAGED;
    static final String ENGINE = Labels.ENGINE;
    static final String HOST = "io.leansandbox.host";
    static final String PID = "io.leansandbox.pid";
    static final String PID_START = "io.leansandbox.pid-start";
    static final String CONTAINER = "io.leansandbox.container";
    static final String PID_NAMESPACE = "io.leansandbox.pid-ns";

    /** This JVM, in {@code container} of the daemon (null: not in a container of it). */
    static OwnerLabels forThisJvm(String engineId, String container) {
        ProcessHandle me = ProcessHandle.current();
        return new OwnerLabels(engineId, hostName(), me.pid(), startMillis(me).orElse(0L), container, thisPidNamespace());
    }

    /** This process's pid namespace, as the kernel names it ({@code pid:[4026531836]}), or null where there is none to read. */
    static String thisPidNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    Map<String, String> asMap() {
        Map<String, String> labels = new LinkedHashMap<>(Map.of(MANAGED, "true", ENGINE, engineId, HOST, host,
                PID, Long.toString(pid), PID_START, Long.toString(pidStartMillis)));
        if (container != null) {
            labels.put(CONTAINER, container);
        }
        if (pidNamespace != null) {
            labels.put(PID_NAMESPACE, pidNamespace);
        }
        return Map.copyOf(labels);
    }

    /** The owner named by {@code labels}, if they are complete. */
    static Optional<OwnerLabels> from(Map<String, String> labels) {
        try {
            return Optional.of(new OwnerLabels(labels.get(ENGINE), labels.get(HOST),
                    Long.parseLong(labels.get(PID)), Long.parseLong(labels.get(PID_START)), labels.get(CONTAINER), labels.get(PID_NAMESPACE)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the owning JVM is known to be gone, as {@code me} sees it. An owner in a container of
     * this daemon other than mine is gone when its container is gone or stopped ({@code containerGone}):
     * its pid and host name are its container's, whatever mine are. Otherwise an owner on my host and
     * in my pid namespace is gone when no process has its pid and start time; any other owner is not
     * mine to judge.
     */
    boolean ownerIsDead(OwnerLabels me, Predicate<String> containerGone) {
        if (container != null && !container.equals(me.container())) {
            return containerGone.test(container);
        }
        if (!me.host().equals(host)) {
            return false; // another machine's engine shares this daemon
        }
        if (pidNamespace == null ? me.container() != null : !pidNamespace.equals(me.pidNamespace())) {
            // Its pid is not one of my namespace's (or, from an engine that did not say, may not be): no judging it.
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        // The pid may have been reused by another process since.
        return startMillis(process.get()).map(start -> Math.abs(start - pidStartMillis) > 1000).orElse(false);
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }
}
