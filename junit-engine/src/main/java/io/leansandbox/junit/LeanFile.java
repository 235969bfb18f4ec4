package io.leansandbox.junit;

import io.leansandbox.engine.lean.Declaration;
import io.leansandbox.engine.lean.Declarations;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A .lean file found by discovery: its bytes, where it came from (a file, or a classpath resource),
 * and the declarations it holds.
 *
 * @param segmentType  the unique id segment type: {@code file} or {@code resource}
 * @param location     an absolute path, or a classpath resource name
 * @param displayName  what IDEs and reports show: the path from the working directory (the project's
 *                     base directory under Surefire, as in the Maven plugin's summary), or the
 *                     resource name
 * @param bytes        the contents, as read at discovery
 */
record LeanFile(String segmentType, String location, String displayName, byte[] bytes) {

    static final String FILE = "file";
    static final String RESOURCE = "resource";

    /** The declarations, in source order, found in the text as decoded leniently (a file that is not UTF-8 fails when checked). */
    List<Declaration> declarations() {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return Declarations.in(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /**
     * The declarations that become tests: those the engine grades (theorem, lemma, example, def,
     * abbrev, opaque, a named instance, axiom; see {@link Declaration#isGraded()}). Structures,
     * inductive types, classes and anonymous instances are part of their file, whose container
     * fails on their errors.
     */
    List<Declaration> tests() {
        return declarations().stream().filter(Declaration::isGraded).toList();
    }

    /** Where IDEs jump to: the file, or the resource, at {@code line} when given. */
    TestSource source(Integer line) {
        FilePosition position = line == null ? null : FilePosition.from(line);
        if (segmentType.equals(FILE)) {
            return position == null ? FileSource.from(new File(location)) : FileSource.from(new File(location), position);
        }
        return position == null ? ClasspathResourceSource.from(location) : ClasspathResourceSource.from(location, position);
    }

    /**
     * How messages locate a line: {@code PATH:LINE:COLUMN: severity: message} with the file's
     * absolute path, as {@code lean} and the Maven plugin print them, so consoles and IDEs link them;
     * a classpath resource by its name.
     */
    String messagePath() {
        return location;
    }

    /**
     * A stack frame at {@code line} of this file, for failures to show where in the .lean file they
     * are instead of the engine's internals: {@code at basics.Arithmetic.two_add_two(Arithmetic.lean:3)}.
     */
    StackTraceElement frame(String member, int line) {
        String path = displayName.replace(File.separatorChar, '/');
        String module = path.endsWith(LeanFileResolver.EXTENSION) ? path.substring(0, path.length() - LeanFileResolver.EXTENSION.length()) : path;
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        return new StackTraceElement(module.replaceFirst("^/+", "").replace('/', '.'), member, fileName, Math.max(line, 1));
    }
}
