package io.leansandbox.engine.sandbox.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReaperTest {

    @Test
    void aUnixHostsSocketIsMountedFromItsOwnPath() {
        assertThat(Reaper.socketOnDaemonHost("unix:///var/run/docker.sock")).isEqualTo("/var/run/docker.sock");
        assertThat(Reaper.socketOnDaemonHost("unix:///run/user/1000/docker.sock")).isEqualTo("/run/user/1000/docker.sock");
    }

    @Test
    void aTcpHostsSocketIsTheDaemonsUsualOne() {
        assertThat(Reaper.socketOnDaemonHost("tcp://10.0.0.5:2376")).isEqualTo("/var/run/docker.sock");
        assertThat(Reaper.socketOnDaemonHost("tcp://localhost:2375")).isEqualTo("/var/run/docker.sock");
    }

    @Test
    void theScriptShipsWithTheEngine() {
        assertThat(Reaper.source()).contains("def main():").contains("io.leansandbox.engine");
    }
}
