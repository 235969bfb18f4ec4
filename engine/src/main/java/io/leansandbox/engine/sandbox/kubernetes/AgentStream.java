package io.leansandbox.engine.sandbox.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecListener;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.leansandbox.engine.sandbox.AgentScript;
import io.leansandbox.engine.sandbox.SandboxFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one long-lived stream to a pod's agent: a single exec of {@link AgentScript#BOOTSTRAP} with
 * stdin open, opened when the sandbox is made and held for its whole life; every request and answer
 * of every run travels over it, so no run costs an exec. The agent's source is the first thing sent
 * on it. stdout feeds the {@link SandboxFactory.Transport}; stderr goes to the debug log; the
 * stream's end (the agent exited, the pod stopped, the API server or kubelet dropped it) is
 * reported as the agent's end.
 */
final class AgentStream {

    private static final Logger log = LoggerFactory.getLogger(AgentStream.class);

    private AgentStream() {
    }

    static SandboxFactory.Link open(KubernetesClient client, String namespace, String pod, String container,
                                    SandboxFactory.Transport transport) {
        ExecWatch watch = client.pods().inNamespace(namespace).withName(pod).inContainer(container)
                .redirectingInput()
                .writingOutput(new ToTransport(transport))
                .writingError(new ToLog(pod))
                .usingListener(new ExecListener() {
                    @Override
                    public void onFailure(Throwable t, Response failureResponse) {
                        transport.agentEnded("the stream to pod " + pod + " failed: " + KubernetesTrouble.rootMessage(t));
                    }

                    @Override
                    public void onClose(int code, String reason) {
                        transport.agentEnded("the stream to pod " + pod + " closed (" + code + (reason == null || reason.isBlank() ? "" : " " + reason) + ")");
                    }
                })
                .exec(AgentScript.bootstrapCommand("python3").toArray(String[]::new));
        OutputStream toAgent = new Unchecked(watch.getInput());
        try {
            toAgent.write(AgentScript.bootstrapPayload());
            toAgent.flush();
        } catch (IOException e) {
            watch.close();
            throw new UncheckedIOException("cannot send the agent to pod " + pod, e);
        }
        return new SandboxFactory.Link(toAgent, watch::close);
    }

    /**
     * fabric8's exec input throws an unchecked KubernetesClientException when the websocket is gone;
     * the agent channel takes an IOException as the agent's end (a GONE agent, probed for its cause).
     */
    static final class Unchecked extends OutputStream {
        private final OutputStream out;

        Unchecked(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (RuntimeException e) {
                throw new IOException(KubernetesTrouble.rootMessage(e), e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (RuntimeException e) {
                throw new IOException(KubernetesTrouble.rootMessage(e), e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (RuntimeException e) {
                throw new IOException(KubernetesTrouble.rootMessage(e), e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (RuntimeException e) {
                throw new IOException(KubernetesTrouble.rootMessage(e), e);
            }
        }
    }

    /** What the agent writes on stdout, handed to the channel as it comes. */
    static final class ToTransport extends OutputStream {
        private final SandboxFactory.Transport transport;

        ToTransport(SandboxFactory.Transport transport) {
            this.transport = transport;
        }

        @Override
        public void write(int b) {
            transport.agentStdout(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            transport.agentStdout(b, off, len);
        }
    }

    private static final class ToLog extends OutputStream {
        private final String pod;

        ToLog(String pod) {
            this.pod = pod;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            log.debug("agent in {}: {}", pod, new String(b, off, len, StandardCharsets.UTF_8).stripTrailing());
        }
    }
}
