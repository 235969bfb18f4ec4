package io.leansandbox.junit;

import io.leansandbox.engine.lean.Declaration;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A .lean file: a container whose children are its declarations. The file is graded once, when
 * the container runs; its declarations' tests read that grade. Errors outside every declaration, and
 * verdicts about the whole file (a timeout, say), fail the container itself.
 */
final class LeanFileDescriptor extends AbstractTestDescriptor implements Node<LeanExecutionContext> {

    private final LeanFile file;
    private final List<Declaration> declarations;
    private volatile FileOutcome outcome;

    LeanFileDescriptor(UniqueId uniqueId, LeanFile file) {
        super(uniqueId, file.displayName(), file.source(null));
        this.file = file;
        this.declarations = file.declarations();
    }

    static UniqueId idFor(UniqueId engineId, LeanFile file) {
        return engineId.append(file.segmentType(), file.location());
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    /**
     * The platform prunes containers without tests; a file with no declaration (empty, or only
     * commands) must still be reported, so it says it may have some.
     */
    @Override
    public boolean mayRegisterTests() {
        return declarations.isEmpty();
    }

    List<Declaration> declarations() {
        return declarations;
    }

    Optional<Declaration> declaration(String displayName) {
        return declarations.stream().filter(d -> d.displayName().equals(displayName)).findFirst();
    }

    LeanFile file() {
        return file;
    }

    FileOutcome outcome() {
        return outcome;
    }

    @Override
    public SkipResult shouldBeSkipped(LeanExecutionContext context) {
        return new String(file.bytes(), StandardCharsets.UTF_8).replace("\uFEFF", "").isBlank()
                ? SkipResult.skip("the file is empty: there is nothing to check")
                : SkipResult.doNotSkip();
    }

    @Override
    public LeanExecutionContext execute(LeanExecutionContext context, DynamicTestExecutor dynamicTestExecutor) {
        outcome = context.check(file);
        return context;
    }

    @Override
    public void after(LeanExecutionContext context) {
        if (outcome != null) {
            context.verdict().judgeFile(declarations, file.displayName(), outcome);
        }
    }
}
