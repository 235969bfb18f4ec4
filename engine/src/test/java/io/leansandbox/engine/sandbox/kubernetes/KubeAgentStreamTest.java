package io.leansandbox.engine.sandbox.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.leansandbox.engine.sandbox.AgentScript;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attached stream, as far as the mock server carries it: its websocket exec plays a scripted
 * agent (answers at fixed times, it does not read what the engine sends), enough to show that a
 * pod gets exactly one exec, of the bootstrap with stdin open, that what comes on its stdout reaches the
 * agent channel, and that the stream's end is reported as the agent's. (A scripted hello did not hold:
 * the mock closes the socket after its script, and at times while the engine still writes to it.)
 * The two-way conversation with a real agent is {@link KubeAgentBootstrapTest}'s, over pipes.
 */
@EnableKubernetesMockClient(crud = true)
class KubeAgentStreamTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    static String execPath(String namespace, String pod) {
        StringBuilder path = new StringBuilder("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/exec?");
        for (String part : AgentScript.bootstrapCommand("python3")) {
            path.append("command=").append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20")).append('&');
        }
        return path.append("container=sandbox&stdin=true&stdout=true&stderr=true").toString();
    }

    @Test
    void onePodGetsOneExecOfTheBootstrapWhoseStdoutFeedsTheChannelAndWhoseEndEndsTheAgent() throws Exception {
        String pod = "lean-sandbox-55555555-1";
        client.pods().inNamespace("lean").resource(FakeKubelet.ready(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName(pod).withNamespace("lean").endMetadata()
                .withNewSpec().addNewContainer().withName("sandbox").withImage("x").endContainer().endSpec().build())).create();
        server.expect().get().withPath(execPath("lean", pod)).andUpgradeToWebSocket().open()
                .waitFor(500).andEmit(new OutputStreamMessage("{\"id\": 1, \"ok\": true}\n"))
                .done().once();
        java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        java.util.concurrent.CompletableFuture<String> ended = new java.util.concurrent.CompletableFuture<>();
        var link = AgentStream.open(client, "lean", pod, PodSpecs.CONTAINER, new io.leansandbox.engine.sandbox.SandboxFactory.Transport() {
            @Override
            public void agentStdout(byte[] bytes, int offset, int length) {
                synchronized (stdout) {
                    stdout.write(bytes, offset, length);
                }
            }

            @Override
            public void agentEnded(String why) {
                ended.complete(why);
            }
        });
        // The mock closes the socket once its script has run: that is the agent's end.
        assertThat(ended.get(10, TimeUnit.SECONDS)).contains("the stream to pod " + pod);
        synchronized (stdout) {
            assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("{\"id\": 1, \"ok\": true}\n");
        }
        link.close().run();

        List<String> execs = new ArrayList<>();
        for (RecordedRequest r = server.takeRequest(100, TimeUnit.MILLISECONDS); r != null; r = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
            if (r.getPath().contains("/exec?")) {
                execs.add(r.getPath());
            }
        }
        assertThat(execs).as("exactly one exec for the pod, of the bootstrap, stdin open").singleElement()
                .isEqualTo(execPath("lean", pod));
    }
}
