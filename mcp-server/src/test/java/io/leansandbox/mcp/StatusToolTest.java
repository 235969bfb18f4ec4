package io.leansandbox.mcp;

import io.leansandbox.engine.EngineStatus;
import io.leansandbox.engine.sandbox.HostStatus;
import io.leansandbox.engine.sandbox.PoolStats;
import io.leansandbox.engine.warm.WarmStats;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What status says of a fleet's hosts: each one, up or out with why, in the text and the structured fields. */
class StatusToolTest {

    private static final EngineStatus FLEET = new EngineStatus("a fleet of 2 Docker hosts", List.of(
            new HostStatus("unix:///var/run/docker.sock", true, 3, 4, null, 0),
            new HostStatus("tcp://10.0.0.2:2376", false, 0, 32, "the Docker daemon at tcp://10.0.0.2:2376 is not answering", 3500)),
            "Lean (version 4.33.0-rc2, stand-in toolchain)", new PoolStats(1, 3, 3, 0, 0), new WarmStats(0, 0, 0, 0, 0, 0), List.of());

    @Test
    void eachHostOfAFleetIsInTheText() {
        assertThat(StatusTool.text(FLEET))
                .contains("Host unix:///var/run/docker.sock: up, 3 sandboxes of 4")
                .contains("Host tcp://10.0.0.2:2376: out (the Docker daemon at tcp://10.0.0.2:2376 is not answering; tried again in 4 s), "
                        + "0 sandboxes of 32");
    }

    @Test
    void eachHostIsInTheStructuredFields() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> hosts = (List<Map<String, Object>>) StatusTool.fields(FLEET).get("hosts");
        assertThat(hosts).hasSize(2);
        assertThat(hosts.get(1)).containsEntry("address", "tcp://10.0.0.2:2376").containsEntry("up", false)
                .containsEntry("capacity", 32).containsEntry("retry_in_ms", 3500L);
        assertThat(hosts.get(0)).containsEntry("trouble", null);
    }
}
