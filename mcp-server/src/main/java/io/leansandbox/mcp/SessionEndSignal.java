package io.leansandbox.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A transport provider that tells when its session has ended, so the process can exit.
 *
 * <p>The SDK's stdio transport stops reading at end of input, and also at the first line that is not
 * JSON-RPC (which {@link StdioLineGuard} answers and keeps from it) or that fails to read; either way
 * it closes the session's transport, which this class observes. Waiting for end of input alone would
 * leave the server hanging, unable to read, in the other cases.
 */
final class SessionEndSignal implements McpServerTransportProvider {

    private final McpServerTransportProvider delegate;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CallTracker tracker;

    SessionEndSignal(McpServerTransportProvider delegate) {
        this(delegate, null);
    }

    /** Also leaves out the responses to requests the client cancelled ({@code tracker}), which it no longer expects. */
    SessionEndSignal(McpServerTransportProvider delegate, CallTracker tracker) {
        this.delegate = delegate;
        this.tracker = tracker;
    }

    /** Blocks until the session's transport has been closed. */
    void awaitEnd() throws InterruptedException {
        ended.await();
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory sessionFactory) {
        delegate.setSessionFactory(transport -> sessionFactory.create(new SignallingTransport(transport)));
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return delegate.notifyClients(method, params);
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return delegate.notifyClient(sessionId, method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }

    private final class SignallingTransport implements McpServerTransport {

        private final McpServerTransport transport;

        SignallingTransport(McpServerTransport transport) {
            this.transport = transport;
        }

        @Override
        public Mono<Void> sendMessage(JSONRPCMessage message) {
            if (tracker != null && message instanceof McpSchema.JSONRPCResponse response
                    && tracker.cancelledByClient(LeanMcpServer.STDIO, response.id())) {
                return Mono.empty(); // "SHOULD NOT send a response for the cancelled request"
            }
            return transport.sendMessage(message);
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return transport.unmarshalFrom(data, typeRef);
        }

        @Override
        public List<String> protocolVersions() {
            return transport.protocolVersions();
        }

        @Override
        public Mono<Void> closeGracefully() {
            return transport.closeGracefully().doFinally(signal -> ended.countDown());
        }

        @Override
        public void close() {
            try {
                transport.close();
            } finally {
                ended.countDown();
            }
        }
    }
}
