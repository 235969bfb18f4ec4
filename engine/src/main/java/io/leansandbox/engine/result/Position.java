package io.leansandbox.engine.result;

/** A place in Lean source as Lean reports it: lines from 1, columns (codepoints) from 0. */
public record Position(int line, int column) {

    /** This position moved down by {@code lines} lines (for sources whose first lines were cut off). */
    public Position shiftedBy(int lines) {
        return new Position(line + lines, column);
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
