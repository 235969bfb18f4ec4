package io.leansandbox.junit;

import org.junit.platform.commons.io.ResourceFilter;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.discovery.EngineDiscoveryRequestResolver;
import org.junit.platform.engine.support.hierarchical.ForkJoinPoolHierarchicalTestExecutorService;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestEngine;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestExecutorService;
import org.junit.platform.engine.support.hierarchical.ParallelExecutionConfiguration;
import org.junit.platform.engine.support.hierarchical.SameThreadHierarchicalTestExecutorService;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JUnit Platform engine (id {@code lean-sandbox}) that runs .lean files: each file is a
 * container, each top-level theorem, lemma, example, instance and def a test, with a source
 * position IDEs jump to. Files are checked in sandboxes of the lean-sandbox engine, in parallel.
 *
 * <p>Selectors: classpath roots and packages (resources ending in .lean), directories, files,
 * classpath resources, and unique ids (of a file, or of one declaration to rerun it). Surefire sends
 * only class selectors: use a {@code @Suite} class with {@code @IncludeEngines("lean-sandbox")} and
 * {@code @SelectDirectories} or {@code @SelectPackages} (see the README), or set
 * {@code lean-sandbox.roots}. Configuration parameters: see {@link LeanEngineConfiguration}.
 */
public final class LeanTestEngine extends HierarchicalTestEngine<LeanExecutionContext> {

    public static final String ID = "lean-sandbox";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        LeanEngineDescriptor engine = new LeanEngineDescriptor(uniqueId);
        EngineDiscoveryRequestResolver.<LeanEngineDescriptor>builder()
                .addResourceContainerSelectorResolver(ResourceFilter.of(LeanFileResolver::isLeanResource))
                .addSelectorResolver(new LeanFileResolver(uniqueId))
                .build()
                .resolve(request, engine);
        addRoots(request, engine, uniqueId);
        return engine;
    }

    /** lean-sandbox.roots: directories searched whatever the request selected. */
    private static void addRoots(EngineDiscoveryRequest request, LeanEngineDescriptor engine, UniqueId uniqueId) {
        String roots = request.getConfigurationParameters().get(LeanEngineConfiguration.ROOTS).orElse("");
        for (String root : roots.split(",")) {
            if (root.isBlank() || !Files.isDirectory(Path.of(root.strip()))) {
                continue;
            }
            for (Path path : LeanFileResolver.leanFilesUnder(Path.of(root.strip()))) {
                LeanFile file = LeanFileResolver.fileAt(path);
                UniqueId fileId = LeanFileDescriptor.idFor(uniqueId, file);
                if (engine.findByUniqueId(fileId).isPresent()) {
                    continue;
                }
                LeanFileDescriptor descriptor = new LeanFileDescriptor(fileId, file);
                descriptor.declarations().forEach(d -> descriptor.addChild(new LeanDeclarationDescriptor(
                        fileId.append(LeanDeclarationDescriptor.SEGMENT, d.displayName()), file, d)));
                engine.addChild(descriptor);
            }
        }
    }

    @Override
    protected HierarchicalTestExecutorService createExecutorService(ExecutionRequest request) {
        int parallelism = LeanEngineConfiguration.from(request.getConfigurationParameters()).parallelism();
        if (parallelism <= 1) {
            return new SameThreadHierarchicalTestExecutorService();
        }
        return new ForkJoinPoolHierarchicalTestExecutorService(new FixedParallelism(parallelism));
    }

    @Override
    protected LeanExecutionContext createExecutionContext(ExecutionRequest request) {
        return new LeanExecutionContext(LeanEngineConfiguration.from(request.getConfigurationParameters()));
    }

    /** A fixed number of files at once: each waits on a sandbox, not on a CPU of this machine. */
    private record FixedParallelism(int parallelism) implements ParallelExecutionConfiguration {
        @Override
        public int getParallelism() {
            return parallelism;
        }

        @Override
        public int getMinimumRunnable() {
            return parallelism;
        }

        @Override
        public int getMaxPoolSize() {
            return parallelism + 256;
        }

        @Override
        public int getCorePoolSize() {
            return parallelism;
        }

        @Override
        public int getKeepAliveSeconds() {
            return 30;
        }
    }
}
