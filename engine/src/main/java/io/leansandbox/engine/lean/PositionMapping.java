package io.leansandbox.engine.lean;

import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Sorry;

/** Moves the positions Lean reported for the text it was sent to where they are in the caller's file. */
@FunctionalInterface
public interface PositionMapping {

    /** The caller's position for {@code p} (never null for a non-null {@code p}). */
    Position mapPosition(Position p);

    default Position map(Position p) {
        return p == null ? null : mapPosition(p);
    }

    default Diagnostic map(Diagnostic d) {
        return new Diagnostic(d.severity(), map(d.start()), map(d.end()), d.message());
    }

    default Sorry map(Sorry s) {
        return new Sorry(map(s.start()), map(s.end()), s.goal(), s.proofState());
    }

    /** The answer with every position mapped; its raw JSON stays as the REPL wrote it. */
    default ReplResponse map(ReplResponse r) {
        return new ReplResponse(r.env(), r.proofState(), r.messages().stream().map(this::map).toList(),
                r.sorries().stream().map(this::map).toList(), r.goals(), r.proofStatus(), r.protocolError(), r.raw());
    }

    default RunResult map(RunResult r) {
        return new RunResult(r.status(), r.mode(), r.exitCode(), r.diagnostics().stream().map(this::map).toList(),
                r.sorries().stream().map(this::map).toList(), r.stdout(), r.stderr(), r.outputTruncated(), r.elapsed(),
                r.toolchainTime());
    }

    default ReplStep map(ReplStep step) {
        return new ReplStep(map(step.result()), step.answer() == null ? null : map(step.answer()));
    }
}
