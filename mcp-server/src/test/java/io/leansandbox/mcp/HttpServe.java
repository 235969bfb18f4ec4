package io.leansandbox.mcp;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The shaded jar's {@code serve --http} as a subprocess ({@link ServerProcess}) with a bearer token,
 * on the default Docker daemon or another one, and what can be seen of it from outside: its
 * containers (by the owner labels its engine puts on them), its heap and resident memory.
 */
final class HttpServe implements AutoCloseable {

    static final String MANAGED = "io.leansandbox.managed";
    static final String PID = "io.leansandbox.pid";
    private static final String ROLE = "io.leansandbox.role";
    private static final Pattern SERVING = Pattern.compile("serving MCP at (http://\\S+/mcp)");

    private final ServerProcess server;
    private final URI endpoint;
    private final String token;
    private final String dockerHost;
    private final DockerClient docker;

    private HttpServe(ServerProcess server, URI endpoint, String token, String dockerHost) {
        this.server = server;
        this.endpoint = endpoint;
        this.token = token;
        this.dockerHost = dockerHost;
        this.docker = docker(dockerHost);
    }

    /**
     * Starts {@code serve --http 127.0.0.1:0 --image IMAGE OPTIONS} with a fresh token and only the
     * {@code settings} given (LEAN_DOCKER_MCP_* variables; the docker host too, when not null), its
     * home and stderr under {@code dir/name}; returns once it listens (its engine starts in the background).
     */
    static HttpServe start(Path dir, String name, String dockerHost, Map<String, String> settings, String... options) throws Exception {
        String token = "fault-suite-" + UUID.randomUUID();
        Map<String, String> env = new HashMap<>(settings);
        env.put(BearerToken.ENV, token);
        if (dockerHost != null) {
            env.put("LEAN_DOCKER_MCP_DOCKER_HOST", dockerHost);
        }
        List<String> args = new ArrayList<>(List.of("--http", "127.0.0.1:0", "--image", ServerProcess.IMAGE));
        args.addAll(List.of(options));
        Path home = Files.createDirectories(dir.resolve(name));
        ServerProcess server = ServerProcess.serve(home.resolve("stderr.log"), List.of("-Duser.home=" + home), true, env,
                args.toArray(String[]::new));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Matcher serving = SERVING.matcher(server.stderr());
            if (serving.find()) {
                return new HttpServe(server, URI.create(serving.group(1)), token, dockerHost);
            }
            if (!server.process().isAlive() || System.nanoTime() > deadline) {
                server.close();
                fail("the server did not start listening; stderr: " + server.stderr());
            }
            Thread.sleep(100);
        }
    }

    URI endpoint() {
        return endpoint;
    }

    String token() {
        return token;
    }

    long pid() {
        return server.process().pid();
    }

    Process process() {
        return server.process();
    }

    String stderr() {
        try {
            return server.stderr();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    McpHttpSession client(String name) throws Exception {
        return McpHttpSession.open(endpoint, token, name);
    }

    /** Waits until the pool has {@code n} idle sandboxes, as the status tool reports them. */
    void awaitIdle(int n, Duration within) throws Exception {
        try (McpHttpSession status = client("await-idle")) {
            long deadline = System.nanoTime() + within.toNanos();
            int idle;
            while ((idle = status.fields("status", Map.of()).at("/pool/idle").asInt()) < n) {
                assertThat(System.nanoTime()).as("%d idle sandboxes within %s (%d now)", n, within, idle).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    // --- memory ----------------------------------------------------------------------------------------

    /** The server's live heap: the G1 heap's "used" after a full GC ({@code jcmd PID GC.run}, then {@code GC.heap_info}), in KiB. */
    long liveHeapKib() throws Exception {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
        assertThat(used.find()).as("GC.heap_info: %s", info).isTrue();
        return Long.parseLong(used.group(1));
    }

    /** Writes the server's heap histogram ({@code jcmd PID GC.class_histogram}, live objects only) to {@code file}. */
    void histogram(Path file) throws Exception {
        Files.writeString(file, jcmd("GC.class_histogram"));
    }

    /** The server's resident set (VmRSS in /proc/PID/status), in KiB. */
    long rssKib() throws IOException {
        Matcher rss = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc", Long.toString(pid()), "status")));
        assertThat(rss.find()).isTrue();
        return Long.parseLong(rss.group(1));
    }

    private String jcmd(String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("jcmd %s: %s", command, out).isZero();
        return out;
    }

    // --- containers ------------------------------------------------------------------------------------

    /** Containers (running or not) labelled managed and owned by this server's pid: its sandboxes and its reaper. */
    List<Container> containers() {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(MANAGED + "=true", PID + "=" + pid())).exec();
    }

    /** {@link #containers()} but the reaper, running or not. */
    List<Container> sandboxes() {
        return containers().stream().filter(c -> !"reaper".equals(c.getLabels().get(ROLE))).toList();
    }

    /** The server's reaper container, if it is running. */
    Optional<Container> runningReaper() {
        return containers().stream().filter(c -> "reaper".equals(c.getLabels().get(ROLE)) && "running".equals(c.getState())).findFirst();
    }

    /** The running sandbox in which {@code path} exists (a marker the code touched), if any. */
    Optional<String> sandboxWith(String path) {
        for (Container c : sandboxes()) {
            if ("running".equals(c.getState()) && exists(c.getId(), path)) {
                return Optional.of(c.getId());
            }
        }
        return Optional.empty();
    }

    /** Waits up to {@code within} for the sandbox in which {@code path} exists. */
    String awaitSandboxWith(String path, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> found = sandboxWith(path);
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no sandbox of the server holds " + path + " within " + within);
    }

    private boolean exists(String container, String path) {
        try {
            String exec = docker.execCreateCmd(container).withCmd("test", "-e", path).withAttachStdout(true).withAttachStderr(true)
                    .exec().getId();
            docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion(10, TimeUnit.SECONDS);
            Long code = docker.inspectExecCmd(exec).exec().getExitCodeLong();
            return code != null && code == 0;
        } catch (RuntimeException e) {
            return false; // gone meanwhile
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code docker kill} of one container. */
    void kill(String container) {
        docker.killContainerCmd(container).exec();
    }

    /** Polls until none of the server's containers remains or {@code within} passes; how many remain. */
    int awaitNoContainers(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int left;
        while ((left = containers().size()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return left;
    }

    // --- ending ----------------------------------------------------------------------------------------

    /** SIGTERM, then waits for the exit; the exit code. */
    int stop() throws InterruptedException {
        server.process().destroy();
        assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).as("the server exits after SIGTERM").isTrue();
        return server.process().exitValue();
    }

    /** Removes whatever of the server is still there (after a failed test), and closes the Docker client. */
    @Override
    public void close() {
        server.close();
        try {
            if (server.process().waitFor(30, TimeUnit.SECONDS)) {
                awaitNoContainers(Duration.ofSeconds(10));
            }
            for (Container c : containers()) {
                docker.removeContainerCmd(c.getId()).withForce(true).exec();
            }
        } catch (RuntimeException e) {
            // the daemon is down, or they went meanwhile
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                docker.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    /** A Docker client for {@code host} (null: DOCKER_HOST or the default socket). */
    static DockerClient docker(String host) {
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (host != null) {
            config.withDockerHost(host);
        }
        DefaultDockerClientConfig built = config.build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(built.getDockerHost())
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(30)).build();
        return DockerClientImpl.getInstance(built, http);
    }

    String dockerHost() {
        return dockerHost;
    }
}
