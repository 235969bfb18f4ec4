package io.leansandbox.junit;

import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.lean.Declaration;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A .lean file: a container whose children are its declarations' tests. The file is graded once,
 * when the container runs; its tests read that grade. A check without a verdict, or with a verdict
 * about the whole file, ends the container before its tests run; errors outside every test fail it
 * after they ran.
 */
final class LeanFileDescriptor extends AbstractTestDescriptor implements Node<LeanExecutionContext> {

    private final LeanFile file;
    private final List<Declaration> tests;
    private volatile Grade grade;

    LeanFileDescriptor(UniqueId uniqueId, LeanFile file) {
        super(uniqueId, file.displayName(), file.source(null));
        this.file = file;
        this.tests = file.tests();
    }

    static UniqueId idFor(UniqueId engineId, LeanFile file) {
        return engineId.append(file.segmentType(), file.location());
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    /**
     * The platform prunes containers without tests; a file with no test (empty, or only structures
     * and commands) must still be checked and reported, so it says it may have some.
     */
    @Override
    public boolean mayRegisterTests() {
        return tests.isEmpty();
    }

    /** The declarations that are tests, in source order. */
    List<Declaration> tests() {
        return tests;
    }

    /** The test of the declaration named {@code displayName} (its short name, as in unique ids). */
    Optional<Declaration> test(String displayName) {
        return tests.stream().filter(d -> d.displayName().equals(displayName)).findFirst();
    }

    /** The test whose lines hold {@code line}, if any. */
    Optional<Declaration> testAt(int line) {
        return tests.stream().filter(d -> d.contains(line)).findFirst();
    }

    LeanFile file() {
        return file;
    }

    Grade grade() {
        return grade;
    }

    @Override
    public SkipResult shouldBeSkipped(LeanExecutionContext context) {
        return new String(file.bytes(), StandardCharsets.UTF_8).replace("\uFEFF", "").isBlank()
                ? SkipResult.skip("the file is empty: there is nothing to check")
                : SkipResult.doNotSkip();
    }

    @Override
    public LeanExecutionContext execute(LeanExecutionContext context, DynamicTestExecutor dynamicTestExecutor) {
        FileOutcome outcome = context.check(file);
        if (outcome instanceof FileOutcome.NoVerdict none) {
            throw LeanFailures.noVerdict(file, none.message());
        }
        if (outcome instanceof FileOutcome.FileFailed failed) {
            throw LeanFailures.failure(file, LeanFailures.FILE_MEMBER, 1, failed.message());
        }
        grade = ((FileOutcome.Graded) outcome).grade();
        return context;
    }

    @Override
    public void after(LeanExecutionContext context) {
        if (grade != null) {
            context.verdict().judgeFile(tests, file, grade);
        }
    }
}
