package io.leansandbox.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.testing.DockerClients;
import io.leansandbox.engine.testing.LeanInputs;
import io.leansandbox.engine.testing.TestEngines;
import io.leansandbox.engine.testing.ReliabilityRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.leansandbox.engine.testing.LeanInputs.directive;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each limit holds, ends with its own status, and leaves the pool able to serve: the engine here
 * has one sandbox, so the run after each fault is served by the sandbox that suffered it. Under
 * every runtime of {@link TestEngines#runtimes()} (runc, and gVisor's runsc in CI).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("runtimes")
class LimitsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final ReliabilityRows rows = ReliabilityRows.forSuite("limits");
    private static LeanSandbox engine;

    @Parameter
    String runtime;

    static java.util.List<String> runtimes() {
        return TestEngines.runtimes();
    }

    @BeforeParameterizedClassInvocation
    static void start(String runtime) {
        Settings settings = TestEngines.docker(1, runtime).toBuilder()
                .timeout(TIMEOUT)
                .pool(new PoolSettings(true, 1, Duration.ofSeconds(300), 1, 1, Duration.ofSeconds(60)))
                .build();
        engine = LeanSandbox.start(settings);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        engine.close();
    }

    @AfterAll
    static void writeRows() {
        rows.close();
    }

    @AfterEach
    void nextRunOnTheSamePoolSucceeds() {
        RunResult next = engine.run(LeanInputs.accepted());
        assertThat(next.status()).as(next.stderr()).isEqualTo(Status.SUCCESS);
    }

    /** Records what a hostile run got, and whether the run after it on the same sandbox was served. */
    private void row(String check, String outcome, boolean held) {
        RunResult next = engine.run(LeanInputs.accepted());
        rows.add("hostile code (" + runtime + ")", check, outcome + "; the next run: " + next.status(),
                held && next.status() == Status.SUCCESS);
    }

    @Test
    void infiniteLoopEndsAsTimeoutWithinTimeoutPlusOneSecond() {
        RunResult result = engine.run(directive("hang") + "theorem t : True := trivial");
        row("infinite loop", result.status() + " after " + result.elapsed().toMillis() + " ms", result.status() == Status.TIMEOUT);
        assertThat(result.status()).isEqualTo(Status.TIMEOUT);
        assertThat(result.elapsed()).isLessThan(TIMEOUT.plusSeconds(1));
        assertThat(result.stderr()).contains("time limit");
    }

    @Test
    void allocatingOneGigabyteUnder256MegabytesEndsAsMemoryExceeded() {
        RunResult result = engine.run(directive("alloc 1024"));
        row("memory bomb (1 GiB under 256 MiB)", result.status().toString(), result.status() == Status.MEMORY_EXCEEDED);
        assertThat(result.status()).as(result.stderr()).isEqualTo(Status.MEMORY_EXCEEDED);
        if (runtime.equals("runc")) {
            assertThat(result.exitCode()).isEqualTo(137); // under gVisor the whole sandbox goes, with no exit code of the REPL
        }
    }

    @Test
    void forkingAThousandProcessesIsStoppedByThePidsLimit() {
        RunResult result = engine.run(directive("fork 1000"));
        String report = messages(result);
        Matcher forked = Pattern.compile("forked (\\d+) of 1000").matcher(report);
        boolean found = forked.find();
        if (runtime.equals("runsc")) {
            // gVisor's processes are not the host's: the pids limit bounds the sandbox's own threads, and a fork
            // bomb that exhausts them ends the whole sandbox, a verdict on the code (never a retryable fault).
            boolean contained = found || result.status() == Status.SANDBOX_VIOLATION || result.status() == Status.MEMORY_EXCEEDED;
            row("fork bomb (1000 processes)", found ? "stopped after " + forked.group(1) + " processes"
                    : result.status() + ": the sandbox ended", contained);
            assertThat(contained).as(result.status() + " " + result.stderr()).isTrue();
            return;
        }
        row("fork bomb (1000 processes)", found ? "stopped after " + forked.group(1) + " processes" : result.status() + " " + report.strip(),
                found && Integer.parseInt(forked.group(1)) <= engine.settings().limits().pidsLimit());
        assertThat(found).as(report).isTrue();
        assertThat(Integer.parseInt(forked.group(1))).isLessThan(1000)
                .isLessThanOrEqualTo((int) engine.settings().limits().pidsLimit());
    }

    @Test
    void writingPastTheTmpfsSizeFailsInsideTheSandbox() {
        long tmpfsMiB = engine.settings().limits().tmpfsBytes() >> 20;
        RunResult result = engine.run(directive("write " + (tmpfsMiB * 2) + " /tmp/big.bin"));
        String report = messages(result);
        row("disk fill (twice the tmpfs)", report.contains("No space left on device") ? "No space left on device" : report,
                report.contains("No space left on device"));
        assertThat(report).contains("write failed after").contains("No space left on device");
        Matcher wrote = Pattern.compile("after (\\d+) MiB").matcher(report);
        assertThat(wrote.find()).isTrue();
        assertThat(Long.parseLong(wrote.group(1))).isLessThanOrEqualTo(tmpfsMiB);
    }

    @Test
    void printingOneHundredMegabytesIsCutAtTheCap() {
        RunResult result = engine.run("def main : IO Unit := pure ()\n" + directive("print 100"));
        row("output flood (100 MiB)", result.status().toString(), result.status() == Status.OUTPUT_LIMIT);
        assertThat(result.status()).isEqualTo(Status.OUTPUT_LIMIT);
        assertThat(result.outputTruncated()).isTrue();
        assertThat(result.stdout().length() + result.stderr().length())
                .isLessThanOrEqualTo((int) engine.settings().outputLimitBytes() + 200);
    }

    @Test
    void aNetworkConnectionFails() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): reserved, never routed; with no network no packet leaves.
        RunResult result = engine.run(directive("connect 192.0.2.1:9") + directive("exists /sys/class/net/eth0"));
        String report = messages(result);
        row("network connection attempt", report.contains("connect to 192.0.2.1:9 failed") ? "connect failed, no eth0" : report,
                report.contains("connect to 192.0.2.1:9 failed"));
        assertThat(report).contains("connect to 192.0.2.1:9 failed").contains("/sys/class/net/eth0 does not exist");
    }

    @Test
    void writesOutsideTheWritableDirectoriesAndHostPathsFail() {
        RunResult result = engine.run(directive("touch /home/leanuser/planted") + directive("touch /etc/planted")
                + directive("exists /var/run/docker.sock") + directive("exists /root"));
        String report = messages(result);
        boolean held = report.contains("touch /home/leanuser/planted failed") && report.contains("touch /etc/planted failed")
                && report.contains("/var/run/docker.sock does not exist");
        row("writes outside the writable dirs, the Docker socket", held ? "writes refused, no socket" : report, held);
        assertThat(report).contains("touch /home/leanuser/planted failed", "touch /etc/planted failed",
                "/var/run/docker.sock does not exist");
    }

    @Test
    void containersCarryTheHardening() throws Exception {
        engine.run(LeanInputs.accepted()); // the pool warms in the background: make sure a container exists
        try (DockerClient docker = DockerClients.local()) {
            var ours = docker.listContainersCmd().withLabelFilter(java.util.List.of("io.leansandbox.engine=" + engine.id())).exec()
                    .stream().filter(c -> !"reaper".equals(c.getLabels().get("io.leansandbox.role"))).toList(); // sandboxes only
            assertThat(ours).isNotEmpty();
            HostConfig host = docker.inspectContainerCmd(ours.get(0).getId()).exec().getHostConfig();
            var limits = engine.settings().limits();
            assertThat(host.getNetworkMode()).isEqualTo("none");
            assertThat(host.getReadonlyRootfs()).isTrue();
            assertThat(host.getCapDrop()).extracting(Object::toString).containsExactly("ALL");
            // Only what the agent needs to start the code as its own user and to kill what it leaves.
            assertThat(host.getCapAdd()).extracting(Object::toString).containsExactlyInAnyOrder("SETUID", "SETGID", "KILL");
            assertThat(host.getIpcMode()).isEqualTo("private");
            assertThat(host.getShmSize()).isEqualTo(limits.shmBytes());
            assertThat(host.getRuntime()).isEqualTo(runtime);
            assertThat(host.getSecurityOpts()).contains("no-new-privileges");
            assertThat(host.getInit()).isTrue();
            assertThat(host.getPidsLimit()).isEqualTo(limits.pidsLimit());
            assertThat(host.getMemory()).isEqualTo(limits.memoryBytes());
            assertThat(host.getMemorySwap()).isEqualTo(limits.memoryBytes());
            assertThat(host.getNanoCPUs()).isEqualTo(Math.round(limits.cpus() * 1e9));
            assertThat(host.getUlimits()).extracting(u -> u.getName() + "=" + u.getSoft() + "/" + u.getHard())
                    .contains("nofile=" + limits.nofile() + "/" + limits.nofile(),
                            "fsize=" + limits.fsizeBytes() + "/" + limits.fsizeBytes());
            assertThat(host.getTmpFs()).containsKey("/tmp");
            assertThat(host.getTmpFs().get("/tmp")).contains("noexec").contains("size=");
        }
    }

    private static String messages(RunResult result) {
        return result.diagnostics().stream().map(Diagnostic::message).collect(Collectors.joining("\n"))
                + "\n" + result.stdout();
    }
}
