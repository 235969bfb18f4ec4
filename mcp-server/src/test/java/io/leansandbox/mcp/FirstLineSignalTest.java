package io.leansandbox.mcp;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** serve starts the engine once the first line (the answer to initialize) is out. */
class FirstLineSignalTest {

    @Test
    void theSignalComesWhenALineEndIsFlushedAndEverythingPassesThrough() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FirstLineSignal out = new FirstLineSignal(sink);
        out.write("{\"jsonrpc\":".getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertThat(out.firstLine().toCompletableFuture()).as("no line end yet").isNotDone();
        out.write("\"2.0\"}".getBytes(StandardCharsets.UTF_8), 0, 6);
        out.write('\n');
        assertThat(out.firstLine().toCompletableFuture()).as("not flushed yet").isNotDone();
        out.flush();
        assertThat(out.firstLine().toCompletableFuture()).isDone();
        out.write("more\n".getBytes(StandardCharsets.UTF_8));
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("{\"jsonrpc\":\"2.0\"}\nmore\n");
    }

    @Test
    void closingSignalsToo() throws IOException {
        FirstLineSignal out = new FirstLineSignal(new ByteArrayOutputStream());
        out.close();
        assertThat(out.firstLine().toCompletableFuture()).isDone();
    }
}
