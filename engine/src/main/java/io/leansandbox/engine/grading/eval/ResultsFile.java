package io.leansandbox.engine.grading.eval;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results file of an evaluation (JSONL, one {@link CandidateJson#line} per graded candidate),
 * which is also its resume state. Opening it reads the lines already there; a last line without its
 * newline (a run killed while writing it) is cut off, so appending starts on a fresh line. Each
 * result is appended and flushed as it comes, so a killed run loses only what was in flight.
 */
public final class ResultsFile implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;

    private final Path path;
    private final List<GradedCandidate> lines;
    private final List<InputIssue> issues;
    private final BufferedWriter writer;

    private ResultsFile(Path path, List<GradedCandidate> lines, List<InputIssue> issues, BufferedWriter writer) {
        this.path = path;
        this.lines = lines;
        this.issues = issues;
        this.writer = writer;
    }

    /** Reads what {@code path} holds (nothing when it does not exist yet) and opens it for appending. */
    public static ResultsFile open(Path path) {
        if (Files.isDirectory(path)) {
            throw new EvalInputException(path + " is a directory, not a results file");
        }
        List<InputIssue> issues = new ArrayList<>();
        List<GradedCandidate> lines = new ArrayList<>();
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (Files.exists(path)) {
                repairLastLine(path, issues);
                for (JsonLines.Line line : JsonLines.read(path, issues).objects()) {
                    try {
                        lines.add(CandidateJson.parse(line.object()));
                    } catch (IllegalArgumentException e) {
                        issues.add(new InputIssue(path.toString(), line.number(), "not a result line (" + e.getMessage()
                                + "); ignored, so its candidate is graded again"));
                    }
                }
            }
            BufferedWriter writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return new ResultsFile(path, lines, issues, writer);
        } catch (IOException e) {
            throw new EvalInputException("cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes the file end in a newline: a last line without one is kept (and ended) when it is a whole
     * result, else cut off.
     */
    private static void repairLastLine(Path path, List<InputIssue> issues) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size == 0 || byteAt(channel, size - 1) == '\n') {
                return;
            }
            long tailStart = lastNewline(channel, size) + 1;
            ByteBuffer tail = ByteBuffer.allocate((int) Math.min(size - tailStart, Integer.MAX_VALUE - 8));
            channel.read(tail, tailStart);
            String text = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8);
            if (isWholeResult(text)) {
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
                return;
            }
            channel.truncate(tailStart);
            issues.add(new InputIssue(path.toString(), countLines(channel, tailStart) + 1,
                    "incomplete last line (a run was stopped while writing it) removed; its candidate is graded again"));
        }
    }

    private static boolean isWholeResult(String text) {
        try {
            CandidateJson.parse(JsonLines.object(text.strip()));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte byteAt(FileChannel channel, long position) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, position);
        return one.get(0);
    }

    /** The position of the last {@code '\n'} before {@code end}, or -1. */
    private static long lastNewline(FileChannel channel, long end) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        for (long chunkEnd = end; chunkEnd > 0; chunkEnd -= CHUNK) {
            long chunkStart = Math.max(0, chunkEnd - CHUNK);
            buffer.clear().limit((int) (chunkEnd - chunkStart));
            channel.read(buffer, chunkStart);
            for (int i = buffer.position() - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') {
                    return chunkStart + i;
                }
            }
        }
        return -1;
    }

    private static int countLines(FileChannel channel, long end) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        int lines = 0;
        for (long at = 0; at < end; at += CHUNK) {
            buffer.clear().limit((int) Math.min(CHUNK, end - at));
            channel.read(buffer, at);
            for (int i = 0; i < buffer.position(); i++) {
                if (buffer.get(i) == '\n') {
                    lines++;
                }
            }
        }
        return lines;
    }

    /** Writes {@code result} as one line and flushes it. */
    public void append(GradedCandidate result) {
        try {
            writer.write(JsonLines.JSON.writeValueAsString(CandidateJson.line(result)));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + path + ": " + e.getMessage(), e);
        }
        lines.add(result);
    }

    /** Every result line, those found on opening and those appended since, in file order. */
    public List<GradedCandidate> lines() {
        return List.copyOf(lines);
    }

    /**
     * The result of each candidate: where a candidate has several lines (an {@code infra_error}
     * graded again), the last one, which is the newest.
     */
    public Collection<GradedCandidate> latest() {
        Map<AttemptKey, GradedCandidate> latest = new LinkedHashMap<>();
        lines.forEach(line -> latest.put(line.key(), line));
        return latest.values();
    }

    /** Lines of the file that were not result lines, and a cut-off last line. */
    public List<InputIssue> issues() {
        return List.copyOf(issues);
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path + ": " + e.getMessage(), e);
        }
    }
}
