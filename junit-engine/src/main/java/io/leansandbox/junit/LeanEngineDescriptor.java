package io.leansandbox.junit;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

import java.util.Optional;

/**
 * The root of the tree: holds the configuration read at discovery (none when it was invalid: then
 * the tree is empty and a discovery issue says why), and closes the sandbox engine (and every
 * container) when the run ends.
 */
final class LeanEngineDescriptor extends EngineDescriptor implements Node<LeanExecutionContext> {

    private final LeanEngineConfiguration configuration;

    LeanEngineDescriptor(UniqueId uniqueId, LeanEngineConfiguration configuration) {
        super(uniqueId, "Lean (lean-sandbox)");
        this.configuration = configuration;
    }

    Optional<LeanEngineConfiguration> configuration() {
        return Optional.ofNullable(configuration);
    }

    @Override
    public void after(LeanExecutionContext context) {
        context.close();
    }
}
