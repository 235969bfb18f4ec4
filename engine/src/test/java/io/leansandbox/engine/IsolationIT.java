package io.leansandbox.engine;

import com.github.dockerjava.api.DockerClient;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.testing.DockerClients;
import io.leansandbox.engine.testing.ReliabilityRows;
import io.leansandbox.engine.testing.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.leansandbox.engine.testing.LeanInputs.directive;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing of run A reaches run B on the same sandbox, pooled or holding a warm REPL: files,
 * processes, /dev/shm, /dev/mqueue, SysV objects, memory; and the code cannot stop the agent that
 * supervises it. Under every runtime of {@link TestEngines#runtimes()} (runc, and gVisor's runsc in CI).
 */
class IsolationIT {

    private static final ReliabilityRows rows = ReliabilityRows.forSuite("isolation");
    /** What run A leaves: a file, a background process, /dev/shm, a message queue, SysV shm, msg and sem. */
    private static final String LEAVE_EVERYTHING = directive("touch /tmp/left-by-a") + directive("spawn-background")
            + directive("write 1 /dev/shm/left-by-a") + directive("mqueue left-by-a") + directive("sysv-shm 1")
            + directive("sysv-msg") + directive("sysv-sem");
    private static final String LOOK_AROUND = directive("exists /tmp/left-by-a") + directive("exists /dev/shm/left-by-a")
            + directive("ps") + directive("ipcs") + directive("mq-open left-by-a");
    /**
     * The agent refuses message queues to the code (a seccomp filter): under gVisor there is no
     * /dev/mqueue for a reset to wipe, yet a queue could be reopened by name.
     */
    private static final String QUEUE_REFUSED = "mqueue failed: Operation not permitted";
    /** A header, so that the check takes the warm path (the stand-in imports anything at no cost). */
    private static final String HEADER = "import Std\n";

    static List<String> runtimes() {
        return TestEngines.runtimes();
    }

    @AfterAll
    static void writeRows() {
        rows.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void onAPooledSandboxTheNextRunSeesNothingOfTheLast(String runtime) {
        try (LeanSandbox engine = LeanSandbox.start(onePooledSandbox(runtime))) {
            String a = text(engine.run(LEAVE_EVERYTHING));
            assertThat(a).contains("touched /tmp/left-by-a", "spawned background process", QUEUE_REFUSED, "sysv-shm ");

            String b = text(engine.run(LOOK_AROUND));
            boolean held = seesNothing(b);
            rows.add("hostile code (" + runtime + ")", "files, background process, /dev/shm, mqueue, SysV objects left for the next run",
                    held ? "the next run on the same sandbox saw none" : "seen: " + b, held);
            assertNothingSeen(b);
            assertThat(engine.poolStats().created()).as("both runs on one sandbox").isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void onAWarmReplTheNextCheckSeesNothingOfTheLast(String runtime) {
        try (LeanSandbox engine = LeanSandbox.start(onePooledSandbox(runtime))) {
            String a = text(engine.run(HEADER + LEAVE_EVERYTHING));
            assertThat(a).contains("touched /tmp/left-by-a", "spawned background process", QUEUE_REFUSED, "sysv-shm ");

            String b = text(engine.run(HEADER + LOOK_AROUND));
            boolean held = seesNothing(b);
            rows.add("hostile code (" + runtime + ")", "files, background process, /dev/shm, mqueue, SysV objects left on a warm REPL",
                    held ? "the next check on the same REPL saw none" : "seen: " + b, held);
            assertNothingSeen(b);
            assertThat(engine.warmStats().headerImports()).as("both checks on one warm REPL").isEqualTo(1);
            assertThat(b).as("the REPL itself was spared").contains(" repl");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void memoryLeftInSharedMemoryCannotMakeTheNextRunFail(String runtime) {
        try (LeanSandbox engine = LeanSandbox.start(onePooledSandbox(runtime))) {
            // 100 MiB of SysV shared memory and 12 MiB in /dev/shm stay charged to the container unless removed;
            // with them, the next run's 150 MiB would pass the 256 MiB limit.
            String a = text(engine.run(directive("sysv-shm 100") + directive("write 12 /dev/shm/fill")));
            assertThat(a).contains("sysv-shm ", "wrote 12 MiB");

            RunResult b = engine.run(directive("alloc 150"));
            boolean held = b.status() == Status.SUCCESS;
            rows.add("hostile code (" + runtime + ")", "112 MiB left in SysV shm and /dev/shm, then a run using 150 MiB of 256",
                    "the next run: " + b.status(), held);
            assertThat(b.status()).as(text(b) + b.stderr()).isEqualTo(Status.SUCCESS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void theCodeCannotSignalTheAgent(String runtime) {
        try (LeanSandbox engine = LeanSandbox.start(onePooledSandbox(runtime))) {
            RunResult stop = engine.run(directive("signal-parent STOP") + directive("signal-parent KILL"));
            boolean held = stop.status() == Status.SUCCESS && text(stop).contains("signal KILL to parent");
            rows.add("hostile code (" + runtime + ")", "SIGSTOP and SIGKILL sent to the agent by the code",
                    held ? "refused (" + firstReport(text(stop)) + "), run answered" : stop.status() + " " + text(stop), held);
            assertThat(stop.status()).isEqualTo(Status.SUCCESS);
            assertThat(text(stop)).contains("signal STOP to parent", "signal KILL to parent").contains("not permitted");
            assertThat(engine.run(directive("sleep 1")).status()).isEqualTo(Status.SUCCESS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void supervisionStoppedWhileTheCodeRunsIsAVerdictOnTheCode(String runtime) throws Exception {
        Settings settings = onePooledSandbox(runtime).toBuilder().timeout(Duration.ofSeconds(2)).agentGrace(Duration.ofSeconds(1)).build();
        try (LeanSandbox engine = LeanSandbox.start(settings); DockerClient docker = DockerClients.local()) {
            engine.run(directive("sleep 1"));
            String container = sandboxesOf(docker, engine).get(0);
            CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> engine.run(directive("sleep 60000")));
            Thread.sleep(500);
            // Stands for code that found a way to stop its supervisor (it cannot signal it: see above).
            exec(docker, container, "python3", "-c", "import os, signal\n"
                    + "for p in os.listdir('/proc'):\n"
                    + "    if p.isdigit() and open('/proc/%s/cmdline' % p, 'rb').read().startswith(b'python3\\0-I\\0-c'):\n"
                    + "        os.kill(int(p), signal.SIGSTOP)\n");
            RunResult stopped = run.get(20, TimeUnit.SECONDS);
            boolean held = stopped.status() == Status.SANDBOX_VIOLATION;
            rows.add("hostile code (" + runtime + ")", "the agent stopped while the code ran",
                    stopped.status() + ", not a retryable infrastructure error", held);
            assertThat(stopped.status()).as(stopped.stderr()).isEqualTo(Status.SANDBOX_VIOLATION);
            assertThat(stopped.stderr()).contains("stopped the sandbox's supervision");
            assertThat(engine.run(directive("sleep 1")).status()).as("the next run, on a new sandbox").isEqualTo(Status.SUCCESS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void realProcessesOfTheCodesUserCannotEscalateOrTouchTheAgent(String runtime) throws Exception {
        try (LeanSandbox engine = LeanSandbox.start(onePooledSandbox(runtime)); DockerClient docker = DockerClients.local()) {
            engine.run(directive("sleep 1"));
            String container = sandboxesOf(docker, engine).get(0);
            // A process of the code's user beside the agent, started the way the agent starts the code (setuid,
            // then exec), so that it holds what the code holds (a `docker exec -u` gets the exec's own capabilities
            // under gVisor).
            String[] ids = engine.settings().limits().user().split(":");
            String out = exec(docker, container, "python3", "-c", "import os, sys\nos.setgroups([]); os.setgid(" + ids[1] + "); os.setuid("
                    + ids[0] + ")\nos.execv('/usr/bin/python3', ['python3', '-c', sys.argv[1]])", String.join("\n",
                    "import os, signal",
                    "agent = [p for p in os.listdir('/proc') if p.isdigit()",
                    "         and open('/proc/%s/cmdline' % p, 'rb').read().startswith(b'python3\\0-I\\0-c')][0]",
                    "def attempt(name, f):",
                    "    try:",
                    "        f(); print(name, 'DONE')",
                    "    except OSError as e:",
                    "        print(name, 'refused:', e.strerror)",
                    "attempt('setuid', lambda: os.setuid(0))",
                    "attempt('kill-agent', lambda: os.kill(int(agent), signal.SIGKILL))",
                    "attempt('read-agent-memory', lambda: open('/proc/%s/mem' % agent, 'rb').read(1))",
                    "attempt('open-agent-stdout', lambda: open('/proc/%s/fd/1' % agent, 'wb'))",
                    "attempt('open-agent-stdin', lambda: open('/proc/%s/fd/0' % agent, 'rb'))",
                    "attempt('write-root', lambda: open('/planted', 'w'))",
                    "attempt('write-workdir', lambda: open('" + engine.settings().workingDir() + "/planted', 'w'))",
                    "attempt('docker-socket', lambda: os.stat('/var/run/docker.sock'))"));
            boolean held = out.lines().filter(l -> !l.isBlank()).allMatch(l -> l.contains("refused:")) && out.contains("kill-agent refused");
            rows.add("hostile code (" + runtime + ")", "a process of the code's user: setuid, kill or read the agent, write /, the Docker socket",
                    held ? "each refused" : out.strip(), held);
            assertThat(out).contains("setuid refused", "kill-agent refused", "read-agent-memory refused", "open-agent-stdout refused",
                    "open-agent-stdin refused",
                    "write-root refused", "write-workdir refused", "docker-socket refused").doesNotContain("DONE");
            assertThat(engine.run(directive("sleep 1")).status()).isEqualTo(Status.SUCCESS);
        }
    }

    private static Settings onePooledSandbox(String runtime) {
        return TestEngines.docker(1, runtime).toBuilder()
                .pool(new PoolSettings(true, 1, Duration.ofSeconds(300), 1, 1, Duration.ofSeconds(60))).build();
    }

    private static boolean seesNothing(String b) {
        return b.contains("/tmp/left-by-a does not exist") && b.contains("/dev/shm/left-by-a does not exist")
                && !b.contains("standin-background") && b.contains("ipcs: 0 objects") && !b.contains("mq-open /left-by-a: present");
    }

    private static void assertNothingSeen(String b) {
        assertThat(b).contains("/tmp/left-by-a does not exist", "/dev/shm/left-by-a does not exist", "ipcs: 0 objects",
                        "mq-open /left-by-a: refused")
                .doesNotContain("standin-background", "mq-open /left-by-a: present");
    }

    static List<String> sandboxesOf(DockerClient docker, LeanSandbox engine) {
        return docker.listContainersCmd().withLabelFilter(List.of("io.leansandbox.engine=" + engine.id())).exec().stream()
                .filter(c -> !c.getLabels().containsKey("io.leansandbox.role")).map(c -> c.getId()).toList();
    }

    static String exec(DockerClient docker, String container, String... command) throws InterruptedException {
        String exec = docker.execCreateCmd(container).withUser("0:0").withCmd(command).withAttachStdout(true).withAttachStderr(true)
                .exec().getId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        docker.execStartCmd(exec).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
            @Override
            public void onNext(com.github.dockerjava.api.model.Frame frame) {
                out.writeBytes(frame.getPayload());
            }
        }).awaitCompletion(20, TimeUnit.SECONDS);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String firstReport(String text) {
        return text.lines().filter(l -> l.contains("failed")).findFirst().orElse(text).replace("standin: ", "");
    }

    private static String text(RunResult result) {
        return result.diagnostics().stream().map(Diagnostic::message).collect(Collectors.joining("\n"));
    }
}
