package io.leansandbox.junit;

import io.leansandbox.engine.lean.Declaration;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * One top-level declaration: a test whose outcome is its grade in its file's grade (see
 * {@link DeclarationVerdict}). Its unique id ends in the declaration's own name, whatever the
 * naming strategy, so a rerun by id survives a change of strategy.
 */
final class LeanDeclarationDescriptor extends AbstractTestDescriptor implements Node<LeanExecutionContext> {

    static final String SEGMENT = "declaration";

    private final Declaration declaration;

    LeanDeclarationDescriptor(UniqueId fileId, LeanFile file, Declaration declaration, NamingStrategy naming) {
        super(fileId.append(SEGMENT, declaration.displayName()), naming.name(file, declaration), file.source(declaration.startLine()));
        this.declaration = declaration;
    }

    Declaration declaration() {
        return declaration;
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    /** Reading the file's grade takes no time: in the file's thread, one after the other, reports keep source order. */
    @Override
    public ExecutionMode getExecutionMode() {
        return ExecutionMode.SAME_THREAD;
    }

    @Override
    public LeanExecutionContext execute(LeanExecutionContext context, DynamicTestExecutor dynamicTestExecutor) {
        LeanFileDescriptor file = (LeanFileDescriptor) getParent().orElseThrow();
        context.verdict().judge(declaration, file.file(), file.grade());
        return context;
    }
}
