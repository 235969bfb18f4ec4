package io.leansandbox.junit;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

/** The root of the tree: closes the sandbox engine (and every container) when the run ends. */
final class LeanEngineDescriptor extends EngineDescriptor implements Node<LeanExecutionContext> {

    LeanEngineDescriptor(UniqueId uniqueId) {
        super(uniqueId, "Lean (lean-sandbox)");
    }

    @Override
    public void after(LeanExecutionContext context) {
        context.close();
    }
}
