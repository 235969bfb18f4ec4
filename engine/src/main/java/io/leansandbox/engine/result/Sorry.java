package io.leansandbox.engine.result;

/** A {@code sorry} Lean found: where it is, the goal it stands for, and its proof state id (if any). */
public record Sorry(Position start, Position end, String goal, Integer proofState) {
}
