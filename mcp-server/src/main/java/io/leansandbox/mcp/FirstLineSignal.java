package io.leansandbox.mcp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An output stream that tells when its first line has been written out (flushed): on stdio the first
 * line is the answer to {@code initialize}, and {@code serve} starts the engine only then, so that the
 * engine's start (Docker clients, containers) does not slow the handshake down on a machine with few
 * cores. Everything else passes through unchanged.
 */
final class FirstLineSignal extends FilterOutputStream {

    private final CompletableFuture<Void> firstLine = new CompletableFuture<>();
    private volatile boolean sawLineEnd;

    FirstLineSignal(OutputStream out) {
        super(out);
    }

    /** Completes once a line end has been written and flushed (or the stream closed). */
    CompletionStage<Void> firstLine() {
        return firstLine;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        if (b == '\n') {
            sawLineEnd = true;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        if (!sawLineEnd) {
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    sawLineEnd = true;
                    break;
                }
            }
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
        if (sawLineEnd) {
            firstLine.complete(null);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            firstLine.complete(null);
        }
    }
}
