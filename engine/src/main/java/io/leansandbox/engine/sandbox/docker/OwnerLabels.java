package io.leansandbox.engine.sandbox.docker;

import io.leansandbox.engine.sandbox.Labels;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The labels every container carries, naming the engine (and the JVM) that owns it: the engine's
 * {@link Reaper} removes them by the engine label when the JVM dies, and any later engine can tell
 * whether the owner is still alive: a container whose owning JVM on this host is gone is an orphan
 * (a reaper that could not run, or did not finish, leaves such containers).
 */
record OwnerLabels(String engineId, String host, long pid, long pidStartMillis) {

    static final String MANAGED = Labels.MANAGED;
    static final String ENGINE = Labels.ENGINE;
    static final String HOST = "io.leansandbox.host";
    static final String PID = "io.leansandbox.pid";
    static final String PID_START = "io.leansandbox.pid-start";

    static OwnerLabels forThisJvm(String engineId) {
        ProcessHandle me = ProcessHandle.current();
        return new OwnerLabels(engineId, hostName(), me.pid(), startMillis(me).orElse(0L));
    }

    Map<String, String> asMap() {
        return Map.of(MANAGED, "true", ENGINE, engineId, HOST, host,
                PID, Long.toString(pid), PID_START, Long.toString(pidStartMillis));
    }

    /** The owner named by {@code labels}, if they are complete. */
    static Optional<OwnerLabels> from(Map<String, String> labels) {
        try {
            return Optional.of(new OwnerLabels(labels.get(ENGINE), labels.get(HOST),
                    Long.parseLong(labels.get(PID)), Long.parseLong(labels.get(PID_START))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the owning JVM is known to be gone: same host, and no process with that pid and start time. */
    boolean ownerIsDeadOn(String thisHost) {
        if (!thisHost.equals(host)) {
            return false; // another machine's engine shares this daemon: not ours to judge
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
