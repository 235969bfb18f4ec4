package io.leansandbox.engine.lean;

import io.leansandbox.engine.InvalidSourceException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Lean source text that passed the engine's input checks. */
public final class LeanSource {

    // A top-level `def main`, possibly with attributes and modifiers, is what `lean --run` runs.
    private static final Pattern MAIN = Pattern.compile(
            "(?m)^[ \\t]*(?:@\\[[^\\]]*\\][ \\t\\n]*)?(?:(?:private|protected|noncomputable|unsafe|partial|nonrec)\\s+)*def\\s+main(?![\\p{L}\\p{N}_'.])");

    private final String text;
    private final ImportHeader header;
    private final boolean definesMain;

    private LeanSource(String text) {
        this.text = text;
        // One scan serves both: every check asks for the header and whether there is a main.
        String code = SourceScanner.codeOnly(text);
        this.header = ImportHeader.parse(text, code);
        this.definesMain = MAIN.matcher(code).find();
    }

    /** Checks {@code text}: not empty, no NUL character, no unpaired surrogate, at most {@code maxBytes} in UTF-8. */
    public static LeanSource of(String text, int maxBytes) {
        if (text == null || text.isBlank()) {
            throw new InvalidSourceException("the source is empty");
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            SourceOffset at = SourceOffset.of(text, nul);
            throw new InvalidSourceException("the source contains a NUL character at line " + at.line() + ", column " + at.column()
                    + "; Lean source is text");
        }
        byte[] utf8 = encode(text);
        refuseIfTooLarge(utf8.length, maxBytes);
        return new LeanSource(text);
    }

    /**
     * The contents of a .lean file: decoded strictly as UTF-8, then checked as {@link #of(String, int)}
     * does. A leading byte order mark is dropped, CRLF line ends become LF and trailing whitespace at
     * the end of the file is dropped; none of this moves a line or column Lean reports (lines are
     * counted at LF, a CR only ever ends a line, and editors do not count the mark).
     */
    public static LeanSource fromUtf8(byte[] utf8, int maxBytes) {
        refuseIfTooLarge(utf8.length, maxBytes);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(utf8);
        try {
            return of(asFileText(decoder.decode(in).toString()), maxBytes);
        } catch (CharacterCodingException e) {
            throw new InvalidSourceException("the source is not valid UTF-8 (bad byte near offset " + in.position() + ")");
        }
    }

    private static String asFileText(String decoded) {
        String text = decoded.startsWith("\uFEFF") ? decoded.substring(1) : decoded;
        return text.replace("\r\n", "\n").stripTrailing();
    }

    private static void refuseIfTooLarge(int bytes, int maxBytes) {
        if (bytes > maxBytes) {
            throw new InvalidSourceException("the source is " + bytes + " bytes, over the limit of "
                    + maxBytes + " (setting max_source_bytes)");
        }
    }

    private static byte[] encode(String text) {
        var encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer bytes = encoder.encode(java.nio.CharBuffer.wrap(text));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new InvalidSourceException("the source is not valid Unicode (an unpaired surrogate)");
        }
    }

    public String text() {
        return text;
    }

    public ImportHeader header() {
        return header;
    }

    /** Whether the source defines a top-level {@code main}, so that it runs with {@code lean --run}. */
    public boolean definesMain() {
        return definesMain;
    }
}
