package io.leansandbox.junit;

import org.junit.platform.commons.io.ResourceFilter;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClasspathResourceSelector;
import org.junit.platform.engine.discovery.ClasspathRootSelector;
import org.junit.platform.engine.discovery.DirectorySelector;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.discovery.ModuleSelector;
import org.junit.platform.engine.discovery.PackageSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.discovery.EngineDiscoveryRequestResolver;
import org.junit.platform.engine.support.hierarchical.ForkJoinPoolHierarchicalTestExecutorService;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestEngine;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestExecutorService;
import org.junit.platform.engine.support.hierarchical.ParallelExecutionConfiguration;
import org.junit.platform.engine.support.hierarchical.SameThreadHierarchicalTestExecutorService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A JUnit Platform engine (id {@code lean-sandbox}) that runs .lean files: each file is a
 * container, and each top-level declaration the engine grades a test, in source order, with a source
 * position IDEs jump to: theorem, lemma, example, def, abbrev, opaque, named instance and axiom (an
 * axiom passes only when the axiom policy allows it). Files are checked in sandboxes of the
 * lean-sandbox engine, in parallel.
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
        if (!mayFindLeanFiles(request, uniqueId)) {
            // Surefire sends every engine its class selectors; the run of this engine through the
            // user's @Suite reads the configuration (and reports a bad one) once, not twice.
            return new LeanEngineDescriptor(uniqueId, null);
        }
        LeanEngineConfiguration configuration;
        try {
            configuration = LeanEngineConfiguration.from(request.getConfigurationParameters());
        } catch (IllegalArgumentException e) {
            // Reported once, before anything runs; the launcher fails the run on an error-level issue.
            request.getDiscoveryListener().issueEncountered(uniqueId, DiscoveryIssue.builder(DiscoveryIssue.Severity.ERROR,
                    "lean-sandbox: " + e.getMessage() + ". No .lean file is checked until it is fixed.").cause(e).build());
            return new LeanEngineDescriptor(uniqueId, null);
        }
        LeanEngineDescriptor engine = new LeanEngineDescriptor(uniqueId, configuration);
        LeanFileResolver files = new LeanFileResolver(uniqueId, configuration.naming());
        EngineDiscoveryRequestResolver.<LeanEngineDescriptor>builder()
                .addResourceContainerSelectorResolver(ResourceFilter.of(LeanFileResolver::isLeanResource))
                .addSelectorResolver(files)
                .build()
                .resolve(request, engine);
        addRoots(request, engine, configuration, files);
        filterByName(engine, configuration);
        inSourceOrder(engine);
        return engine;
    }

    /** Whether a selector of the request (or lean-sandbox.roots) can lead to a .lean file: classes and methods cannot. */
    private static boolean mayFindLeanFiles(EngineDiscoveryRequest request, UniqueId uniqueId) {
        return Stream.of(FileSelector.class, DirectorySelector.class, ClasspathResourceSelector.class, ClasspathRootSelector.class,
                        PackageSelector.class, ModuleSelector.class)
                .anyMatch(type -> !request.getSelectorsByType(type).isEmpty())
                || request.getSelectorsByType(UniqueIdSelector.class).stream().anyMatch(s -> s.getUniqueId().hasPrefix(uniqueId))
                || request.getConfigurationParameters().get(LeanEngineConfiguration.ROOTS).filter(r -> !r.isBlank()).isPresent();
    }

    /** lean-sandbox.roots: directories searched whatever the request selected. */
    private static void addRoots(EngineDiscoveryRequest request, LeanEngineDescriptor engine, LeanEngineConfiguration configuration,
                                 LeanFileResolver files) {
        for (Path root : configuration.roots()) {
            if (!Files.isDirectory(root)) {
                request.getDiscoveryListener().issueEncountered(engine.getUniqueId(), DiscoveryIssue.create(DiscoveryIssue.Severity.WARNING,
                        "lean-sandbox: " + LeanEngineConfiguration.ROOTS + " names " + root.toAbsolutePath()
                                + ", which is not a directory: no .lean file is searched there"));
                continue;
            }
            for (Path path : LeanFileResolver.leanFilesUnder(root)) {
                LeanFile file = LeanFileResolver.fileAt(path);
                if (engine.findByUniqueId(LeanFileDescriptor.idFor(engine.getUniqueId(), file)).isEmpty()) {
                    engine.addChild(files.descriptorWithTests(file));
                }
            }
        }
    }

    /** lean-sandbox.filter.name: only the tests it matches, and only the files that keep one. */
    private static void filterByName(LeanEngineDescriptor engine, LeanEngineConfiguration configuration) {
        if (configuration.nameFilter().isEmpty()) {
            return;
        }
        for (TestDescriptor file : List.copyOf(engine.getChildren())) {
            for (TestDescriptor test : List.copyOf(file.getChildren())) {
                if (!configuration.selects(((LeanDeclarationDescriptor) test).declaration().displayName())) {
                    file.removeChild(test);
                }
            }
            if (file.getChildren().isEmpty()) {
                engine.removeChild(file);
            }
        }
    }

    /** Files by name, and each file's tests in the order they appear in it (discovery's order is the selectors'). */
    private static void inSourceOrder(LeanEngineDescriptor engine) {
        engine.orderChildren(children -> children.stream()
                .sorted(Comparator.comparing(TestDescriptor::getDisplayName)).toList());
        for (TestDescriptor file : engine.getChildren()) {
            file.orderChildren(children -> children.stream()
                    .sorted(Comparator.comparingInt(t -> ((LeanDeclarationDescriptor) t).declaration().startLine())).toList());
        }
    }

    @Override
    protected HierarchicalTestExecutorService createExecutorService(ExecutionRequest request) {
        int parallelism = configurationOf(request).map(LeanEngineConfiguration::parallelism).orElse(1);
        if (parallelism <= 1) {
            return new SameThreadHierarchicalTestExecutorService();
        }
        return new ForkJoinPoolHierarchicalTestExecutorService(new FixedParallelism(parallelism));
    }

    @Override
    protected LeanExecutionContext createExecutionContext(ExecutionRequest request) {
        return new LeanExecutionContext(configurationOf(request).orElse(null));
    }

    /** The configuration discovery read; none when it was invalid (the tree is then empty). */
    private static Optional<LeanEngineConfiguration> configurationOf(ExecutionRequest request) {
        return ((LeanEngineDescriptor) request.getRootTestDescriptor()).configuration();
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
