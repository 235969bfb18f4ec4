package io.leansandbox.engine.warm;

import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.testing.TestEngines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static io.leansandbox.engine.testing.LeanInputs.directive;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Warm REPLs through the Docker backend. These tests look at what the engine does (how many
 * headers it imports, where positions land, what a later check can see), never at a verdict of the
 * stand-in's default answer.
 */
class WarmReplsIT {

    private static final String HEADER = "import Mathlib\nimport Mathlib\n";
    private LeanSandbox engine;

    private LeanSandbox engine(int perHeader, int maxUses) {
        return engine(perHeader, maxUses, 0);
    }

    private LeanSandbox engine(int perHeader, int maxUses, long recycleMemory) {
        engine = LeanSandbox.start(TestEngines.docker(1).toBuilder()
                .timeout(Duration.ofSeconds(3))
                .pool(new PoolSettings(true, 1, Duration.ofSeconds(300), 2, 2, Duration.ofSeconds(60)))
                .warm(new WarmSettings(true, perHeader, 4, maxUses, 0, recycleMemory, List.of()))
                .build());
        awaitIdleSandbox(engine);
        return engine;
    }

    /** A REPL of the empty header starts only in an idle sandbox of the pool (else the check goes cold): wait for the pool's first. */
    private static void awaitIdleSandbox(LeanSandbox e) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (e.poolStats().idle() < 1 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private static String messages(RunResult r) {
        return r.diagnostics().stream().map(Diagnostic::message).collect(Collectors.joining("\n"));
    }

    @Test
    void checksSharingAHeaderImportItOnce() {
        LeanSandbox e = engine(1, 100);
        for (int i = 0; i < 5; i++) {
            RunResult r = e.run(HEADER + "theorem t" + i + " : True := trivial");
            assertThat(r.status()).isNotIn(Status.INFRASTRUCTURE_ERROR, Status.TIMEOUT);
        }
        assertThat(e.warmStats().headerImports()).isEqualTo(1);
        assertThat(e.warmStats().checks()).isEqualTo(5);
        // Another header gets a REPL of its own.
        e.run("import Std\ntheorem u : True := trivial");
        assertThat(e.warmStats().headerImports()).isEqualTo(2);
    }

    @Test
    void positionsAreMappedBackToTheCallersFile() {
        LeanSandbox e = engine(1, 100);
        // The directive sits on line 5 of the caller's file, line 3 of the body sent to the REPL.
        RunResult r = e.run("-- a comment\n" + HEADER + "\n" + directive("touch /tmp/mapped"));
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("touched /tmp/mapped");
            assertThat(d.start()).isEqualTo(new Position(5, 0));
        });
    }

    @Test
    void aCheckThatMayRunCodeNeverSharesAWarmRepl() {
        LeanSandbox e = engine(1, 100);
        e.run(HEADER + directive("touch /tmp/pure"));
        // #eval could do any IO, read what the REPL holds of earlier checks or leave something for later
        // ones: it takes a fresh REPL in a reset sandbox, not the warm one.
        RunResult effect = e.run(HEADER + "#eval (pure () : IO Unit)\n" + directive("exists /tmp/pure") + directive("touch /tmp/effect"));
        assertThat(messages(effect)).contains("/tmp/pure does not exist");
        RunResult next = e.run(HEADER + directive("exists /tmp/effect"));
        assertThat(messages(next)).contains("/tmp/effect does not exist");
        assertThat(e.warmStats().checks()).as("the #eval check was not warm").isEqualTo(2);
        assertThat(e.warmStats().headerImports()).isEqualTo(1);
    }

    @Test
    void aTimeoutRecyclesTheReplAndTheNextCheckIsServed() {
        LeanSandbox e = engine(1, 100);
        assertThat(e.run(HEADER + directive("hang")).status()).isEqualTo(Status.TIMEOUT);
        RunResult next = e.run(HEADER + directive("exists /tmp")); // the sandbox answers again
        assertThat(messages(next)).contains("/tmp exists");
        assertThat(e.warmStats().headerImports()).isEqualTo(2);
    }

    @Test
    void aReplServesAtMostMaxUsesChecks() {
        LeanSandbox e = engine(1, 2);
        for (int i = 0; i < 5; i++) {
            e.run(HEADER + "theorem t" + i + " : True := trivial");
        }
        assertThat(e.warmStats().headerImports()).isEqualTo(3);
    }

    @Test
    void codeWithMainTakesTheCleanPath() {
        LeanSandbox e = engine(1, 100);
        e.run(HEADER + "def main : IO Unit := pure ()");
        assertThat(e.warmStats().headerImports()).isZero();
    }

    @Test
    void codeWithoutImportsSharesTheWarmReplOfTheEmptyHeaderAndStaysIsolated() {
        LeanSandbox e = engine(1, 100);
        RunResult first = e.run(directive("touch /tmp/left-by-a") + directive("spawn-background"));
        assertThat(messages(first)).contains("touched /tmp/left-by-a");
        RunResult second = e.run("theorem t : True := trivial\n" + directive("exists /tmp/left-by-a") + directive("ps"));
        assertThat(messages(second)).contains("/tmp/left-by-a does not exist").doesNotContain("standin-background");
        // Positions need no mapping: the body is the whole file.
        assertThat(second.diagnostics().get(0).start()).isEqualTo(new Position(2, 0));
        e.run("theorem u : True := trivial");
        assertThat(e.warmStats().headerImports()).as("one REPL elaborated the empty header").isEqualTo(1);
        assertThat(e.warmStats().checks()).isEqualTo(3);
        // Code that may run code still gets a REPL of its own.
        e.run("#eval (pure () : IO Unit)");
        assertThat(e.warmStats().checks()).isEqualTo(3);
    }

    @Test
    void aWarmCheckOfARecordedHeaderAndBodyGivesTheRecordedAnswerAtTheCallersLines() {
        // Transcript Mathlib/test/H20231115 sent `import Mathlib.Tactic.Cases`, then the example in its
        // environment: exactly the two commands of a warm check of this file (whose body is on line 3).
        LeanSandbox e = engine(1, 100);
        RunResult r = e.run("import Mathlib.Tactic.Cases\n\nexample {x : Nat} : x + 1 > x := by sorry");
        assertThat(r.status()).isEqualTo(Status.SUCCESS);
        assertThat(r.sorries()).singleElement().satisfies(s -> {
            assertThat(s.start()).isEqualTo(new Position(3, 36));
            assertThat(s.goal()).isEqualTo("x : Nat\n⊢ x + 1 > x");
        });
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.message()).isEqualTo("declaration uses `sorry`");
            assertThat(d.start()).isEqualTo(new Position(3, 0));
        });
        assertThat(e.warmStats().checks()).isEqualTo(1);
    }

    @Test
    void codeWithoutImportsGetsTheSameRecordedAnswerWarmAndCold() {
        String incomplete = io.leansandbox.engine.testing.LeanInputs.firstCommandOf("incomplete");
        LeanSandbox e = engine(1, 100);
        e.run("theorem first : True := trivial"); // the warm REPL has answered before: env ids differ from the recording
        RunResult warm = e.run(incomplete);
        assertThat(e.warmStats().checks()).isEqualTo(2);
        e.close();
        engine = LeanSandbox.start(TestEngines.docker(1).toBuilder().warm(new WarmSettings(false, 1, 1, 1, 0, 0, List.of())).build());
        awaitIdleSandbox(engine);
        RunResult cold = engine.run(incomplete);
        assertThat(warm.status()).isEqualTo(Status.ERROR);
        assertThat(warm.diagnostics()).isEqualTo(cold.diagnostics()).isNotEmpty();
        assertThat(warm.sorries()).isEqualTo(cold.sorries());
    }

    @Test
    void filesWithModulePreludeOrImportModifiersReachLeanWhole() {
        LeanSandbox e = engine(1, 100);
        for (String header : List.of("module\nimport Mathlib\n", "module\npublic import Mathlib\n", "prelude\nimport Init.Core\n",
                "public import Mathlib\n", "meta import Mathlib\n", "import all Mathlib\n", "import Mathlib.\n")) {
            RunResult r = e.run(header + directive("exists /tmp"));
            // The stand-in answered the directive at its line in the caller's file: Lean got the file.
            assertThat(r.diagnostics()).as(header).anySatisfy(d -> {
                assertThat(d.message()).contains("/tmp exists");
                assertThat(d.start().line()).isEqualTo(header.split("\n").length + 1);
            });
        }
        assertThat(e.warmStats().headerImports()).as("no header was elaborated apart from its file").isZero();
        assertThat(e.warmStats().checks()).isZero();
    }

    @Test
    void aReplThatGrewPastTheRecycleThresholdIsRecycledBeforeTheNextCheck() {
        LeanSandbox e = engine(1, 100, 64L << 20);
        RunResult small = e.run(HEADER + "theorem a : True := trivial");
        assertThat(small.status()).isNotIn(Status.INFRASTRUCTURE_ERROR, Status.TIMEOUT, Status.MEMORY_EXCEEDED);
        RunResult bloating = e.run(HEADER + directive("alloc 100"));
        assertThat(messages(bloating)).contains("allocated 100 MiB");
        RunResult next = e.run(HEADER + directive("exists /tmp"));
        assertThat(messages(next)).contains("/tmp exists");
        assertThat(next.status()).isNotIn(Status.INFRASTRUCTURE_ERROR, Status.TIMEOUT, Status.MEMORY_EXCEEDED);
        assertThat(e.warmStats().recycledForMemory()).as("the REPL holding 100 MiB was recycled, the small one was not").isEqualTo(1);
        assertThat(e.warmStats().headerImports()).isEqualTo(2);
        assertThat(e.warmStats().checks()).isEqualTo(3);
    }
}
