package io.leansandbox.engine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The second Docker daemon that scripts/second-dockerd.sh starts beside the first, for tests that
 * pause, restart or kill a daemon. Named by system properties {@code lean.test.docker2.host} and
 * {@code lean.test.docker2.pidfile} (the build passes the script's defaults).
 */
public record SecondDaemon(String host, Path pidFile) {

    /** The second daemon; fails (never skips) when it is not running: CI always starts it. */
    public static SecondDaemon required() {
        String host = System.getProperty("lean.test.docker2.host", "unix:///run/lean-sandbox-docker2/docker.sock");
        Path pidFile = Path.of(System.getProperty("lean.test.docker2.pidfile", "/run/lean-sandbox-docker2/dockerd.pid"));
        if (!Files.exists(pidFile)) {
            throw new IllegalStateException("no second Docker daemon: start it with scripts/second-dockerd.sh start");
        }
        return new SecondDaemon(host, pidFile);
    }

    public long pid() {
        try {
            return Long.parseLong(Files.readString(pidFile).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops it as {@code systemctl stop docker} would (SIGTERM, which stops its containers), and waits until it has exited. */
    public void stop() {
        long pid = pid();
        signal("TERM");
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the second Docker daemon (pid " + pid + ") did not exit within 30 s of SIGTERM");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Starts it again (scripts/second-dockerd.sh start, which waits until it answers). */
    public void start() {
        Path script = Path.of(System.getProperty("lean.test.scripts", "../scripts")).resolve("second-dockerd.sh");
        try {
            int code = new ProcessBuilder("bash", script.toString(), "start").inheritIO().start().waitFor();
            if (code != 0) {
                throw new IllegalStateException(script + " start exited with " + code);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void pause() {
        signal("STOP");
    }

    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            int code = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start().waitFor();
            if (code != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " exited with " + code);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
