package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How cancellations find their calls: by request id, within the connection they came on. */
class CallTrackerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCancellationReachesOnlyTheCallOfItsOwnConnection() throws Exception {
        try (CallTracker tracker = new CallTracker()) {
            String key = tracker.arrived("http:a", JSON.valueToTree(7));
            CallTracker.Call call = tracker.begin(null, new CallToolRequest("execute-lean", Map.of(), Map.of(CallTracker.CALL_KEY, key)),
                    "execute-lean", exchange -> "owner");
            tracker.cancelRequested("http:b", JSON.valueToTree(7), null);
            tracker.cancelRequested("http:a", JSON.valueToTree("7"), null); // a string id is another id
            assertThat(call.context().cancellation().isCancelled()).isFalse();

            tracker.cancelRequested("http:a", JSON.valueToTree(7), "stop");
            assertThat(call.context().cancellation().reason()).isEqualTo("the client cancelled the call: stop");
            assertThat(call.context().owner()).isEqualTo("owner");
            assertThat(tracker.cancelledByClient("http:a", 7)).as("its response is left out").isTrue();
            assertThat(tracker.cancelledByClient("http:a", 7)).as("once").isFalse();
            call.close();
        }
    }

    @Test
    void aCancellationBeforeTheHandlerStartsIsKeptAndTheEndOfAConnectionCancelsItsCalls() throws Exception {
        try (CallTracker tracker = new CallTracker()) {
            String early = tracker.arrived("stdio", JSON.valueToTree(1));
            tracker.cancelRequested("stdio", JSON.valueToTree(1), null);
            CallTracker.Call first = tracker.begin(null, new CallToolRequest("t", Map.of(), Map.of(CallTracker.CALL_KEY, early)), "t", e -> null);
            assertThat(first.context().cancellation().isCancelled()).isTrue();

            String other = tracker.arrived("stdio", JSON.valueToTree(2));
            CallTracker.Call second = tracker.begin(null, new CallToolRequest("t", Map.of(), Map.of(CallTracker.CALL_KEY, other)), "t", e -> null);
            tracker.connectionEnded("stdio", "the client closed stdin");
            assertThat(second.context().cancellation().reason()).isEqualTo("the client closed stdin");
            first.close();
            second.close();
        }
    }

    @Test
    void aCallKeyTheClientMadeUpFindsNothingAndMarkingReplacesIt() throws Exception {
        try (CallTracker tracker = new CallTracker()) {
            CallTracker.Call forged = tracker.begin(null, new CallToolRequest("t", Map.of(), Map.of(CallTracker.CALL_KEY, "made-up")), "t", e -> null);
            assertThat(forged.context().cancellation().isCancelled()).isFalse();
            forged.close();

            ObjectNode request = (ObjectNode) JSON.readTree(
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"_meta\":{\"io.leansandbox/call\":\"x\",\"progressToken\":1}}}");
            assertThat(CallTracker.isToolCall(request)).isTrue();
            CallTracker.mark(request, "real");
            assertThat(request.at("/params/_meta/io.leansandbox~1call").asText()).isEqualTo("real");
            assertThat(request.at("/params/_meta/progressToken").asInt()).isEqualTo(1);
        }
    }
}
