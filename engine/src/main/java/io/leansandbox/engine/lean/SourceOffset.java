package io.leansandbox.engine.lean;

import io.leansandbox.engine.result.Position;

/**
 * Where a piece of a file starts in the whole file, so that positions Lean reports for the piece
 * (line 1 = the piece's first line) can be mapped back to the caller's file.
 *
 * @param line   the file's line (from 1) on which the piece starts
 * @param column the column (in codepoints, as Lean counts) at which it starts on that line
 */
public record SourceOffset(int line, int column) implements PositionMapping {

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

    @Override
    public Position mapPosition(Position p) {
        return new Position(p.line() + line - 1, p.line() == 1 ? p.column() + column : p.column());
    }

    @Override
    public ReplResponse map(ReplResponse r) {
        return this.equals(NONE) ? r : PositionMapping.super.map(r);
    }
}
