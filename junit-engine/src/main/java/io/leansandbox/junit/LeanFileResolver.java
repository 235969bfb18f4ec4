package io.leansandbox.junit;

import io.leansandbox.engine.lean.Declaration;
import org.junit.platform.commons.io.Resource;
import org.junit.platform.commons.support.ResourceSupport;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClasspathResourceSelector;
import org.junit.platform.engine.discovery.DirectorySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.discovery.SelectorResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Resolves files, directories, classpath resources and unique ids to .lean files and their
 * declarations' tests. A file or resource selector with a line position (what IDEs send for a
 * click in the file, {@code DiscoverySelectors.selectFile(path, line)}) selects the test whose
 * lines hold that line, or the whole file when no test does. (Classpath roots and packages become
 * classpath resource selectors through the platform's resource container resolver, see
 * {@link LeanTestEngine}.)
 */
final class LeanFileResolver implements SelectorResolver {

    static final String EXTENSION = ".lean";

    private final UniqueId engineId;
    private final NamingStrategy naming;

    LeanFileResolver(UniqueId engineId, NamingStrategy naming) {
        this.engineId = engineId;
        this.naming = naming;
    }

    @Override
    public Resolution resolve(FileSelector selector, Context context) {
        Path path = selector.getPath();
        if (!path.toString().endsWith(EXTENSION) || !Files.isRegularFile(path)) {
            return Resolution.unresolved();
        }
        return fileMatch(context, fileAt(path), selector.getPosition().map(FilePosition::getLine));
    }

    /** The .lean file at {@code path}, read now. */
    static LeanFile fileAt(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return new LeanFile(LeanFile.FILE, absolute.toString(), displayName(absolute), read(absolute));
    }

    /** The .lean files under {@code directory}, in name order. */
    static List<Path> leanFilesUnder(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(p -> p.toString().endsWith(EXTENSION) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    @Override
    public Resolution resolve(DirectorySelector selector, Context context) {
        Path directory = selector.getPath();
        if (!Files.isDirectory(directory)) {
            return Resolution.unresolved();
        }
        Set<DiscoverySelector> files = leanFilesUnder(directory).stream()
                .map(p -> DiscoverySelectors.selectFile(p.toFile()))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return files.isEmpty() ? Resolution.unresolved() : Resolution.selectors(files);
    }

    @Override
    public Resolution resolve(ClasspathResourceSelector selector, Context context) {
        String name = selector.getClasspathResourceName();
        if (!name.endsWith(EXTENSION)) {
            return Resolution.unresolved();
        }
        Set<? extends Resource> resources = selector.getResources();
        if (resources.isEmpty()) {
            return Resolution.unresolved();
        }
        // The same name may exist in several classpath entries; the first one wins, as for class loading.
        return fileMatch(context, new LeanFile(LeanFile.RESOURCE, name, name, read(resources.iterator().next())),
                selector.getPosition().map(FilePosition::getLine));
    }

    @Override
    public Resolution resolve(UniqueIdSelector selector, Context context) {
        UniqueId id = selector.getUniqueId();
        // Below the engine's own id, which has a prefix when the engine runs inside a suite.
        int depth = engineId.getSegments().size();
        List<UniqueId.Segment> segments = id.getSegments();
        if (!id.hasPrefix(engineId) || segments.size() <= depth) {
            return Resolution.unresolved();
        }
        UniqueId.Segment fileSegment = segments.get(depth);
        if (segments.size() == depth + 1) {
            return fileNamedBy(fileSegment).map(file -> fileMatch(context, file, Optional.empty())).orElse(Resolution.unresolved());
        }
        UniqueId.Segment declaration = segments.get(depth + 1);
        if (segments.size() != depth + 2 || !declaration.getType().equals(LeanDeclarationDescriptor.SEGMENT)) {
            return Resolution.unresolved();
        }
        UniqueId fileId = engineId.append(fileSegment);
        Optional<LeanDeclarationDescriptor> child = context.addToParent(
                () -> DiscoverySelectors.selectUniqueId(fileId),
                parent -> ((LeanFileDescriptor) parent).test(declaration.getValue())
                        .map(d -> new LeanDeclarationDescriptor(fileId, ((LeanFileDescriptor) parent).file(), d, naming)));
        return child.map(c -> Resolution.match(Match.exact(c))).orElse(Resolution.unresolved());
    }

    /** The file a unique id segment names, if it (still) exists. */
    private static Optional<LeanFile> fileNamedBy(UniqueId.Segment segment) {
        String location = segment.getValue();
        return switch (segment.getType()) {
            case LeanFile.FILE -> Files.isRegularFile(Path.of(location)) ? Optional.of(fileAt(Path.of(location))) : Optional.empty();
            case LeanFile.RESOURCE -> ResourceSupport.tryToGetResources(location).toOptional()
                    .filter(found -> !found.isEmpty())
                    .map(found -> new LeanFile(LeanFile.RESOURCE, location, location, read(found.iterator().next())));
            default -> Optional.empty();
        };
    }

    /** The file's container, and as its children the test at {@code line} when there is one, else all its tests. */
    private Resolution fileMatch(Context context, LeanFile file, Optional<Integer> line) {
        UniqueId fileId = LeanFileDescriptor.idFor(engineId, file);
        Optional<LeanFileDescriptor> descriptor = context.addToParent(parent -> Optional.of(new LeanFileDescriptor(fileId, file)));
        if (descriptor.isEmpty()) {
            return Resolution.unresolved();
        }
        LeanFileDescriptor d = descriptor.get();
        List<Declaration> chosen = line.flatMap(d::testAt).map(List::of).orElse(d.tests());
        Set<DiscoverySelector> children = new LinkedHashSet<>();
        chosen.forEach(decl -> children.add(
                DiscoverySelectors.selectUniqueId(fileId.append(LeanDeclarationDescriptor.SEGMENT, decl.displayName()))));
        return Resolution.match(Match.exact(d, () -> children));
    }

    /** A file's container with all its tests, for files found outside any selector (lean-sandbox.roots). */
    LeanFileDescriptor descriptorWithTests(LeanFile file) {
        LeanFileDescriptor descriptor = new LeanFileDescriptor(LeanFileDescriptor.idFor(engineId, file), file);
        descriptor.tests().forEach(d -> descriptor.addChild(new LeanDeclarationDescriptor(descriptor.getUniqueId(), file, d, naming)));
        return descriptor;
    }

    private static String displayName(Path path) {
        Path relative = Path.of("").toAbsolutePath().relativize(path);
        return relative.startsWith("..") ? path.toString() : relative.toString();
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static byte[] read(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + resource.getName(), e);
        }
    }

    static boolean isLeanResource(Resource resource) {
        return resource.getName().endsWith(EXTENSION);
    }

}
