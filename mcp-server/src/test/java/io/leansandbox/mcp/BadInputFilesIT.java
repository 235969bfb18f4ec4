package io.leansandbox.mcp;

import io.leansandbox.engine.testing.LeanInputs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * .lean files with odd encodings and sizes through the jar's {@code check} command: one run over all
 * of them, the last a file that is fine, against the Docker daemon and the stand-in image. Each file
 * gets its own status line (REFUSED naming the cause, or Lean's answer); the run goes on to the next
 * file; the exit code is 1 (some file failed) and nothing is left behind.
 *
 * <p>Verdicts come from recorded transcripts, which the stand-in replays only when the engine hands
 * the REPL exactly the recorded command: {@code def f : Nat := by apply Nat.succ} (transcript
 * incomplete: an error at 1:15) and {@code theorem foo : 1 = 1 := by\nsorry} (line_breaks: errors
 * at 1:23 and 2:0). So a file with a byte order mark or CRLF line ends gets those answers only if
 * the engine read it as Lean reads a file. Stand-in {@code say} directives show that every line of
 * a long file arrived.
 */
class BadInputFilesIT {

    private static final String CATEGORY = "bad input (.lean source)";

    @TempDir
    static Path dir;

    private static final Map<String, byte[]> FILES = new LinkedHashMap<>();
    private static JarCommand check;
    private static BadInputRows rows;

    @BeforeAll
    static void checkEveryFileInOneRun() throws Exception {
        rows = new BadInputRows("bad-input-lean-files");
        FILES.put("Empty.lean", new byte[0]);
        FILES.put("Blank.lean", bytes(" \n\t\n\r\n"));
        FILES.put("Bom.lean", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes(LeanInputs.firstCommandOf("incomplete") + "\n")));
        FILES.put("Crlf.lean", bytes(LeanInputs.firstCommandOf("line_breaks").replace("\n", "\r\n") + "\r\n"));
        FILES.put("Latin1.lean", "def café := 1\n".getBytes(StandardCharsets.ISO_8859_1));
        FILES.put("Utf16.lean", "def f := 37\n".getBytes(StandardCharsets.UTF_16));
        FILES.put("Nul.lean", bytes("def f := 37\n\0\n"));
        FILES.put("TwoMebibytes.lean", bytes("-- " + "x".repeat(2 << 20) + "\n"));
        FILES.put("Comments.lean", bytes("-- c\n".repeat(100_000) + LeanInputs.directive("say info the last line")));
        FILES.put("LongLine.lean", bytes("-- " + "y".repeat(900 << 10) + "\n" + LeanInputs.directive("say info after the long line")));
        FILES.put("Import.lean", bytes("import Foo.Bar\n" + LeanInputs.accepted() + "\n"));
        FILES.put("Fine.lean", bytes(LeanInputs.accepted() + "\n"));
        List<String> args = new ArrayList<>(List.of("check", "--image", ServerProcess.IMAGE, "--timeout", "20"));
        for (Map.Entry<String, byte[]> file : FILES.entrySet()) {
            Files.write(dir.resolve(file.getKey()), file.getValue());
            args.add(file.getKey());
        }
        check = JarCommand.run(dir, dir.resolve("tmp"), Map.of(), args);
    }

    @AfterAll
    static void nothingLeftBehind() throws Exception {
        try {
            int left = BadInputRows.containersOf(check.pid());
            rows.leaked("check over " + FILES.size() + " odd files", left);
            assertThat(left).isZero();
            assertThat(BadInputRows.leftIn(dir.resolve("tmp"))).as("temporary files left by check").isEmpty();
        } finally {
            rows.close();
        }
    }

    @Test
    void anEmptyFile() throws Exception {
        refused("Empty.lean", "an empty file", "the source is empty");
    }

    @Test
    void aFileOfWhitespace() throws Exception {
        refused("Blank.lean", "a file of spaces, tabs and line ends only", "the source is empty");
    }

    @Test
    void aByteOrderMarkIsDropped() throws Exception {
        List<String> lines = linesOf("Bom.lean");
        rows.tried(CATEGORY, "check: a UTF-8 byte order mark", String.join("; ", lines), () -> {
            assertThat(lines).containsExactly("Bom.lean: ERROR", "Bom.lean:1:15: error: unsolved goals");
            allFilesWereChecked();
        });
    }

    @Test
    void crlfLineEndsAreLeanLineEnds() throws Exception {
        List<String> lines = linesOf("Crlf.lean");
        rows.tried(CATEGORY, "check: CRLF line ends", String.join("; ", lines), () -> {
            assertThat(lines).containsExactly("Crlf.lean: ERROR", "Crlf.lean:1:23: error: unsolved goals",
                    "Crlf.lean:2:0: error: unexpected token 'sorry'; expected command");
            allFilesWereChecked();
        });
    }

    @Test
    void latin1IsNotUtf8() throws Exception {
        refused("Latin1.lean", "a Latin-1 file (invalid UTF-8 bytes)", "the source is not valid UTF-8 (bad byte near offset 7)");
    }

    @Test
    void utf16IsNotUtf8() throws Exception {
        refused("Utf16.lean", "a UTF-16 file", "the source is not valid UTF-8 (bad byte near offset 0)");
    }

    @Test
    void aNulByte() throws Exception {
        refused("Nul.lean", "a NUL byte", "the source contains a NUL character at line 2, column 0; Lean source is text");
    }

    @Test
    void aFileOverTheSizeLimit() throws Exception {
        refused("TwoMebibytes.lean", "a 2 MiB file (over max_source_bytes)",
                "the source is 2097156 bytes, over the limit of 1048576 (setting max_source_bytes)");
    }

    @Test
    void anImportThePolicyRefuses() throws Exception {
        refused("Import.lean", "an import of a module not allowed (import Foo.Bar)",
                "import Foo.Bar is not allowed (allowed_imports: Lean, Init, Std, Mathlib)");
    }

    @Test
    void aHundredThousandLinesOfComments() throws Exception {
        List<String> lines = linesOf("Comments.lean");
        rows.tried(CATEGORY, "check: 100,000 lines of comments", String.join("; ", lines), () -> {
            assertThat(lines).containsExactly("Comments.lean: SUCCESS", "Comments.lean:100001:0: info: the last line");
            allFilesWereChecked();
        });
    }

    @Test
    void aVeryLongLine() throws Exception {
        List<String> lines = linesOf("LongLine.lean");
        rows.tried(CATEGORY, "check: a single line of 900 KiB", String.join("; ", lines), () -> {
            assertThat(lines).containsExactly("LongLine.lean: SUCCESS", "LongLine.lean:2:0: info: after the long line");
            allFilesWereChecked();
        });
    }

    @Test
    void theRunGoesOnAndSaysWhatFailed() throws Exception {
        rows.tried(CATEGORY, "check: the 12 files above in one run, the last one fine",
                "exit " + check.exit() + "; " + String.join("; ", linesOf("Fine.lean")), () -> {
                    assertThat(linesOf("Fine.lean")).containsExactly("Fine.lean: SUCCESS");
                    assertThat(check.exit()).as("some file failed: %s", check.stderr()).isEqualTo(1);
                    assertThat(check.stderr()).doesNotContain("Exception", "\tat ");
                    allFilesWereChecked();
                });
    }

    @Test
    void aFileThatDoesNotExist() throws Exception {
        JarCommand missing = JarCommand.run(dir, dir.resolve("tmp"), Map.of(), List.of("check", "--image", ServerProcess.IMAGE,
                "Fine.lean", "Missing.lean"));
        rows.tried(CATEGORY, "check: a file that does not exist (with one that does)",
                "exit " + missing.exit() + ": " + missing.stderr().strip(), () -> {
                    assertThat(missing.exit()).isEqualTo(ExitCodes.UNUSABLE);
                    assertThat(missing.stderr()).isEqualTo("lean-sandbox check: no such file: Missing.lean (see --help)\n");
                    assertThat(missing.stdout()).as("nothing checked: the typo costs nothing").isEmpty();
                    assertThat(BadInputRows.containersOf(missing.pid())).isZero();
                });
    }

    @Test
    void aDirectoryInsteadOfAFile() throws Exception {
        JarCommand directory = JarCommand.run(dir, dir.resolve("tmp"), Map.of(), List.of("check", "--image", ServerProcess.IMAGE, "."));
        rows.tried(CATEGORY, "check: a directory given as a file", "exit " + directory.exit() + ": " + directory.stderr().strip(), () -> {
            assertThat(directory.exit()).isEqualTo(ExitCodes.UNUSABLE);
            assertThat(directory.stderr()).startsWith("lean-sandbox check: cannot read .: ").doesNotContain("\tat ");
            assertThat(directory.stderr().lines()).hasSize(1);
        });
    }

    private static void refused(String file, String check, String cause) throws Exception {
        List<String> lines = linesOf(file);
        rows.tried(CATEGORY, "check: " + check, String.join("; ", lines), () -> {
            assertThat(lines).containsExactly(file + ": REFUSED (" + cause + ")");
            allFilesWereChecked();
        });
    }

    /** Every file got its status line, in order: one bad file did not stop the run. */
    private static void allFilesWereChecked() {
        List<String> statuses = check.stdout().lines().filter(line -> FILES.keySet().stream().anyMatch(f -> line.startsWith(f + ": ")))
                .map(line -> line.substring(0, line.indexOf(':'))).toList();
        assertThat(statuses).as("stdout: %s; stderr: %s", check.stdout(), check.stderr()).containsExactlyElementsOf(FILES.keySet());
    }

    /** The lines {@code check} printed for {@code file}, without times and with only the first line of each message. */
    private static List<String> linesOf(String file) {
        List<String> lines = new ArrayList<>();
        boolean inFile = false;
        for (String line : check.stdout().lines().toList()) {
            if (line.startsWith(file + ":")) {
                inFile = true;
                lines.add(line.replaceFirst(" \\(\\d+ ms\\)$", ""));
            } else if (FILES.keySet().stream().anyMatch(f -> line.startsWith(f + ":"))) {
                inFile = false;
            } else if (inFile) {
                continue; // the rest of a multi-line message
            }
        }
        return lines;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
