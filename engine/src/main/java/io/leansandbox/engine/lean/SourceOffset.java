package io.leansandbox.engine.lean;

import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.Sorry;

/**
 * Where a piece of a file starts in the whole file, so that positions Lean reports for the piece
 * (line 1 = the piece's first line) can be mapped back to the caller's file.
 *
 * @param line   the file's line (from 1) on which the piece starts
 * @param column the column (in codepoints, as Lean counts) at which it starts on that line
 */
public record SourceOffset(int line, int column) {

    public static final SourceOffset NONE = new SourceOffset(1, 0);

    /** The offset of {@code text.substring(index)} within {@code text}. */
    public static SourceOffset of(String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourceOffset(line, text.codePointCount(lineStart, index));
    }

    public Position map(Position p) {
        if (p == null) {
            return null;
        }
        return new Position(p.line() + line - 1, p.line() == 1 ? p.column() + column : p.column());
    }

    public Diagnostic map(Diagnostic d) {
        return new Diagnostic(d.severity(), map(d.start()), map(d.end()), d.message());
    }

    public Sorry map(Sorry s) {
        return new Sorry(map(s.start()), map(s.end()), s.goal(), s.proofState());
    }

    /** The answer with every position mapped; its raw JSON stays as the REPL wrote it. */
    public ReplResponse map(ReplResponse r) {
        if (this.equals(NONE)) {
            return r;
        }
        return new ReplResponse(r.env(), r.proofState(), r.messages().stream().map(this::map).toList(),
                r.sorries().stream().map(this::map).toList(), r.goals(), r.proofStatus(), r.protocolError(), r.raw());
    }
}
