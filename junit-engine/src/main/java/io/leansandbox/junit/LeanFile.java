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
 * @param displayName  what IDEs and reports show
 * @param bytes        the contents, as read at discovery
 */
record LeanFile(String segmentType, String location, String displayName, byte[] bytes) {

    static final String FILE = "file";
    static final String RESOURCE = "resource";

    /** The declarations, found in the text as decoded leniently (a file that is not UTF-8 fails when checked). */
    List<Declaration> declarations() {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return Declarations.in(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /** Where IDEs jump to: the file, or the resource, at {@code line} when given. */
    TestSource source(Integer line) {
        FilePosition position = line == null ? null : FilePosition.from(line);
        if (segmentType.equals(FILE)) {
            return position == null ? FileSource.from(new File(location)) : FileSource.from(new File(location), position);
        }
        return position == null ? ClasspathResourceSource.from(location) : ClasspathResourceSource.from(location, position);
    }
}
