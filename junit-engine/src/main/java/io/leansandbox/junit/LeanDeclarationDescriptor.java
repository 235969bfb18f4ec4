package io.leansandbox.junit;

import io.leansandbox.engine.lean.Declaration;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

/** One top-level declaration: a test whose outcome is its grade in its file's grade (see {@link DeclarationVerdict}). */
final class LeanDeclarationDescriptor extends AbstractTestDescriptor implements Node<LeanExecutionContext> {

    static final String SEGMENT = "declaration";

    private final Declaration declaration;

    LeanDeclarationDescriptor(UniqueId uniqueId, LeanFile file, Declaration declaration) {
        super(uniqueId, declaration.displayName(), file.source(declaration.startLine()));
        this.declaration = declaration;
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public LeanExecutionContext execute(LeanExecutionContext context, DynamicTestExecutor dynamicTestExecutor) {
        LeanFileDescriptor file = (LeanFileDescriptor) getParent().orElseThrow();
        context.verdict().judge(declaration, file.file().displayName(), file.outcome());
        return context;
    }
}
