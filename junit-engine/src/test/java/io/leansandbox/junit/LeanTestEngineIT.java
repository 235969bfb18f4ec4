package io.leansandbox.junit;

import org.assertj.core.api.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.assertj.core.api.Assertions.allOf;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * The engine run against Docker and the stand-in image. Lean's messages come from recorded transcripts
 * (see src/test/resources/lean/README.md) or from explicit stand-in directives ({@code say} for a
 * message, {@code axioms} for the answer to the engine's {@code #print axioms}); the stand-in's
 * default answer is never taken for Lean's verdict, so a declaration without an axioms directive is
 * unverified.
 */
class LeanTestEngineIT {

    @TempDir
    Path dir;

    private static EngineExecutionResults run(Map<String, String> parameters, DiscoverySelector... selectors) {
        return EngineTestKit.engine(LeanTestEngine.ID)
                .configurationParameter(LeanEngineConfiguration.IMAGE, System.getProperty("lean.test.image", "lean-sandbox/standin:latest"))
                .configurationParameter(LeanEngineConfiguration.TIMEOUT, "3")
                .configurationParameter(LeanEngineConfiguration.PARALLELISM, "2")
                .configurationParameters(parameters)
                .selectors(selectors)
                .execute();
    }

    private static EngineExecutionResults run(DiscoverySelector... selectors) {
        return run(Map.of(), selectors);
    }

    /** The test of the declaration named {@code name} (whatever the naming strategy made its display name). */
    private static Condition<Event> declaration(String name) {
        return allOf(test(), new Condition<>(e -> e.getTestDescriptor().getUniqueId().getLastSegment().getValue().equals(name),
                "the test of declaration %s", name));
    }

    private Path file(String name, byte[] content) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, content);
        return path;
    }

    private Path file(String name, String content) throws IOException {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDeclarationLeanAcceptsAndReportsTheAxiomsOfPasses() {
        // Accepted.lean carries `--! standin: axioms f`: the stand-in answers #print axioms f as Lean would.
        EngineExecutionResults results = run(selectClasspathResource("lean/accepted/Accepted.lean"));
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(declaration("f"), finishedSuccessfully()));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container("Accepted.lean"), finishedSuccessfully()));
    }

    @Test
    void aDeclarationWhoseAxiomsLeanDidNotReportIsUnverifiedAndFails() throws IOException {
        // Transcript def_eval's command: the real REPL accepted it with no message. No transcript
        // answers the engine's #print axioms f, so Lean's word on f's axioms is missing.
        Path path = file("NoAxioms.lean", "def f := 37");
        EngineExecutionResults results = run(selectFile(path.toFile()));
        results.testEvents().assertThatEvents().haveExactly(1, event(declaration("f"), finishedWithFailure(message(m ->
                m.contains("/NoAxioms.lean:1: unverified: Lean did not report the axioms of f")))));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container("NoAxioms.lean"), finishedSuccessfully()));
    }

    @Test
    void anAxiomOutsideTheAllowedOnesFailsItsDeclarationOnly() throws IOException {
        Path path = file("Axioms.lean", """
                theorem t : True := trivial
                --! standin: axioms t propext,Lean.ofReduceBool

                example : True := trivial
                --! standin: axioms lean_sandbox_example_L4

                theorem s : True := trivial
                --! standin: axioms s propext,Classical.choice,Quot.sound
                """);
        Events tests = run(selectFile(path.toFile())).testEvents();
        tests.assertThatEvents().haveExactly(1, event(declaration("t"), finishedWithFailure(message(m ->
                m.contains("/Axioms.lean:1: axiom_violation: t depends on Lean.ofReduceBool, outside the allowed axioms")))));
        tests.assertThatEvents().haveExactly(1, event(declaration("example@4"), finishedSuccessfully()));
        tests.assertThatEvents().haveExactly(1, event(declaration("s"), finishedSuccessfully()));
    }

    @Test
    void warningsInsideAValidDeclarationFailOnlyWhenThePolicySaysSo() throws IOException {
        Path path = file("Warned.lean", """
                theorem t (x : Nat) : True := by
                  --! standin: say warning unused variable `x`
                  trivial
                --! standin: axioms t
                """);
        run(selectFile(path.toFile())).testEvents().assertThatEvents()
                .haveExactly(1, event(declaration("t"), finishedSuccessfully()));
        run(Map.of(LeanEngineConfiguration.WARNINGS, "fail"), selectFile(path.toFile())).testEvents().assertThatEvents()
                .haveExactly(1, event(declaration("t"), finishedWithFailure(message(
                        m -> m.endsWith("/Warned.lean:2:0: warning: unused variable `x`")))));
    }

    @Test
    void aStructureIsNoTestAndItsErrorsFailTheFile() throws IOException {
        Path path = file("Types.lean", """
                structure Point where
                  x : Nat

                structure Bad where
                  --! standin: say error unknown identifier 'Nat2'
                  y : Nat2

                def origin : Point := ⟨0⟩
                --! standin: axioms origin
                """);
        EngineExecutionResults results = run(selectFile(path.toFile()));
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(declaration("origin"), finishedSuccessfully()));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container("Types.lean"), finishedWithFailure(
                instanceOf(AssertionFailedError.class), message(m -> m.endsWith("/Types.lean:5:0: error: unknown identifier 'Nat2'")))));
    }

    @Test
    void anAxiomOfFalseFailsUnderTheDefaultPolicyAndPassesOnlyWhenAllowed() throws IOException {
        // The directives answer #print axioms as Lean does: an axiom depends on itself, and so does what uses it.
        Path path = file("Cheat.lean", "axiom ax : False\n--! standin: axioms ax ax\n"
                + "theorem anything : 1 = 2 := ax.elim\n--! standin: axioms anything ax\n");
        Events tests = run(selectFile(path.toFile())).testEvents();
        tests.assertThatEvents().haveExactly(1, event(declaration("ax"), finishedWithFailure(message(m ->
                m.contains("/Cheat.lean:1: axiom_violation: ax depends on ax, outside the allowed axioms")))));
        tests.assertThatEvents().haveExactly(1, event(declaration("anything"), finishedWithFailure(message(m ->
                m.contains("/Cheat.lean:3: axiom_violation: anything depends on ax")))));
        run(Map.of(LeanEngineConfiguration.ALLOWED_AXIOMS, "ax"), selectFile(path.toFile())).testEvents()
                .assertStatistics(s -> s.started(2).succeeded(2));
    }

    @Test
    void aSorryFailsWithTheRecordedTextAtTheRecordedPosition() {
        Events tests = run(selectClasspathResource("lean/sorry/Sorry.lean")).testEvents();
        tests.assertThatEvents().haveExactly(1, event(declaration("thm1"), finishedWithFailure(
                message(m -> m.contains("lean/sorry/Sorry.lean:1:8: warning: declaration uses `sorry`")
                        && m.contains("lean/sorry/Sorry.lean:1:24: sorry, goal:\n⊢ 1 = 1")))));
    }

    @Test
    void theSorryPolicyCanAbortOrPass() {
        run(Map.of(LeanEngineConfiguration.SORRY, "abort"), selectClasspathResource("lean/sorry/Sorry.lean")).testEvents()
                .assertThatEvents().haveExactly(1, event(declaration("thm1"), abortedWithReason()));
        run(Map.of(LeanEngineConfiguration.SORRY, "pass"), selectClasspathResource("lean/sorry/Sorry.lean")).testEvents()
                .assertStatistics(s -> s.succeeded(1));
    }

    @Test
    void anErrorFailsWithTheRecordedTextAtTheRecordedPosition() {
        run(selectClasspathResource("lean/error/Incomplete.lean")).testEvents().assertThatEvents().haveExactly(1,
                event(declaration("f"), finishedWithFailure(message(
                        "lean/error/Incomplete.lean:1:15: error: unsolved goals\n⊢ Nat"))));
        run(selectClasspathResource("lean/error/HaveBySorry.lean")).testEvents().assertThatEvents().haveExactly(1,
                event(declaration("foo"), finishedWithFailure(message(m -> m.contains("1:33: error: unsolved goals")))));
    }

    @Test
    void errorsOutsideEveryDeclarationFailTheFile() throws IOException {
        // An unknown stand-in directive is an error message on its line, before the declaration.
        Path path = file("Outside.lean", "--! standin: no-such-directive\ndef f := 37\n--! standin: axioms f\n");
        EngineExecutionResults results = run(selectFile(path.toFile()));
        results.containerEvents().assertThatEvents().haveExactly(1,
                event(container("Outside.lean"), finishedWithFailure(message(m -> m.contains("Outside.lean:1:0: error:")))));
        results.testEvents().assertThatEvents().haveExactly(1, event(declaration("f"), finishedSuccessfully()));
    }

    @Test
    void aTimeoutIsOneErrorOnTheFileNamingTheLimitAndNoTestRuns() throws IOException {
        Path path = file("Hang.lean", "theorem t : True := trivial\n--! standin: hang\ntheorem u : True := trivial\n");
        EngineExecutionResults results = run(selectFile(path.toFile()));
        results.testEvents().assertStatistics(s -> s.started(0).failed(0));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container("Hang.lean"), finishedWithFailure(
                instanceOf(NoVerdictException.class),
                message(m -> m.contains("/Hang.lean: no verdict: timeout: Lean did not finish within the time limit of 3 s"
                        + " (configuration parameter lean-sandbox.timeout)")))));
    }

    @Test
    void noImageIsOneErrorPerFileNotAFailurePerDeclaration() throws IOException {
        Path a = file("A.lean", "def a := 1\n\ndef b := 2\n");
        Path b = file("B.lean", "def c := 3\n");
        EngineExecutionResults results = run(Map.of(LeanEngineConfiguration.IMAGE, "lean-sandbox/no-such-image:0"),
                selectFile(a.toFile()), selectFile(b.toFile()));
        results.testEvents().assertStatistics(s -> s.started(0));
        results.containerEvents().assertThatEvents().haveExactly(2, event(container(), finishedWithFailure(
                instanceOf(NoVerdictException.class), message(m -> m.contains("no verdict") && m.contains("no-such-image")))));
    }

    @Test
    void aCutOutputFailsTheFileOnceAndNoTestRuns() throws IOException {
        // 2 MiB of output passes the 1 MiB cap (setting docker.output_limit): Lean's answer was cut.
        Path path = file("Loud.lean", "theorem t : True := trivial\n--! standin: axioms t\n--! standin: print 2\n");
        EngineExecutionResults results = run(selectFile(path.toFile()));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container("Loud.lean"), finishedWithFailure(
                instanceOf(AssertionFailedError.class), message(m -> m.contains("/Loud.lean: unverified: the output passed its cap")))));
        results.testEvents().assertStatistics(s -> s.started(0));
    }

    @Test
    void oneDeclarationRunsByNameFilterOrByLine() throws IOException {
        Path path = file("Pick.lean", """
                theorem thm1 : True := trivial
                --! standin: axioms thm1

                theorem thm2 : True := by
                  --! standin: say error unsolved goals
                  skip
                """);
        Events byName = run(Map.of(LeanEngineConfiguration.FILTER_NAME, "^thm1$"), selectFile(path.toFile())).testEvents();
        byName.assertStatistics(s -> s.started(1).succeeded(1));
        Events byLine = run(selectFile(path.toFile(), FilePosition.from(5))).testEvents();
        byLine.assertStatistics(s -> s.started(1).failed(1));
        byLine.assertThatEvents().haveExactly(1, event(declaration("thm2"), finishedWithFailure()));
    }

    @Test
    void testsRunInSourceOrder() throws IOException {
        Path path = file("Order.lean", "def zeta := 1\n--! standin: axioms zeta\ndef alpha := 2\n--! standin: axioms alpha\n"
                + "def mid := 3\n--! standin: axioms mid\n");
        Events tests = run(Map.of(LeanEngineConfiguration.PARALLELISM, "1"), selectFile(path.toFile())).testEvents();
        assertThat(tests.started().stream().map(e -> e.getTestDescriptor().getUniqueId().getLastSegment().getValue()))
                .containsExactly("zeta", "alpha", "mid");
    }

    @Test
    void oneDeclarationCanBeRerunByUniqueId() throws IOException {
        Path path = file("Two.lean", "def a := 1\n\ndef b := 2\n");
        UniqueId b = UniqueId.forEngine(LeanTestEngine.ID).append(LeanFile.FILE, path.toAbsolutePath().toString()).append("declaration", "b");
        Events tests = run(selectUniqueId(b)).testEvents();
        tests.assertStatistics(s -> s.started(1));
        assertThat(tests.started().stream().map(Event::getTestDescriptor)).singleElement()
                .satisfies(d -> assertThat(d.getUniqueId()).isEqualTo(b));
    }

    @Test
    void anEmptyFileIsSkippedWithItsReason() throws IOException {
        Path path = file("Empty.lean", "\n");
        run(selectFile(path.toFile())).containerEvents().assertThatEvents().haveExactly(1,
                event(container("Empty.lean"), skippedWithReason(r -> r.contains("empty"))));
    }

    @Test
    void aFileThatIsNotUtf8FailsSayingSo() throws IOException {
        Path path = file("Latin1.lean", new byte[]{'d', 'e', 'f', ' ', 'x', ' ', ':', '=', ' ', '"', (byte) 0xE9, '"', '\n'});
        EngineExecutionResults results = run(selectFile(path.toFile()));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container("Latin1.lean"),
                finishedWithFailure(instanceOf(NoVerdictException.class), message(m -> m.contains("not valid UTF-8")))));
        results.testEvents().assertStatistics(s -> s.started(0));
    }

    @Test
    void aByteOrderMarkAndCrlfLineEndsKeepLeansPositions() throws IOException {
        // dup_sorries' recorded command, saved by a Windows editor.
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = "theorem thm1 : 1 = 1 := sorry\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, content, 0, bom.length);
        System.arraycopy(text, 0, content, bom.length, text.length);
        Path path = file("Windows.lean", content);
        run(selectFile(path.toFile())).testEvents().assertThatEvents().haveExactly(1, event(declaration("thm1"),
                finishedWithFailure(message(m -> m.contains("Windows.lean:1:24: sorry")))));
    }

    @Test
    void aOneMegabyteFileIsCheckedWithPositionsIntact() throws IOException {
        StringBuilder big = new StringBuilder();
        int line = 0;
        while (big.length() < (1 << 20) - 200) {
            big.append("-- filler line ").append(line++).append(" ..............................................\n");
        }
        big.append("theorem t : True := by\n--! standin: no-such-directive\n  trivial\n");
        int directiveLine = line + 2;
        Path path = file("Big.lean", big.toString());
        run(selectFile(path.toFile())).testEvents().assertThatEvents().haveExactly(1, event(declaration("t"),
                finishedWithFailure(message(m -> m.contains("Big.lean:" + directiveLine + ":0: error:")))));
    }
}
