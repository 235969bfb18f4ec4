package io.leansandbox.maven;

import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.LeanSandboxException;
import io.leansandbox.engine.config.Backend;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.config.SettingsException;
import io.leansandbox.engine.config.SettingsLoader;
import io.leansandbox.engine.grading.AxiomPolicy;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks the project's Lean files in sandboxes through the engine's grading: fails the build on Lean
 * errors, {@code sorry}, axioms outside {@code allowedAxioms} and declarations whose validity Lean
 * did not establish (and, when asked, on warnings), prints each file's status and
 * the first messages of each failure as {@code PATH:LINE:COLUMN: severity: message}, and writes a
 * surefire-style XML report (and, when asked, a SARIF log for code scanning). Files unchanged since
 * their last passing check, with the same toolchain and settings, are not checked again; they pass.
 *
 * <p>Maven's {@code -DskipTests} and {@code -Dmaven.test.skip=true} leave the project's test tree,
 * {@code src/test}, unchecked; {@code -Dlean-sandbox.skip=true} skips the goal.
 *
 * <p>Reports: each execution writes its own ({@code TEST-lean-sandbox-EXECUTION.xml}, when there are
 * files to check, and with sarifOutput {@code lean-sandbox-EXECUTION.sarif}, always), replacing the
 * file of the same name, and removes the reports of this plugin that an earlier build left: the
 * files {@code TEST-lean-sandbox-*.xml} in {@code reportsDirectory}, and {@code lean-sandbox-*.sarif}
 * (and {@code sarifFile}) in {@code sarifFile}'s directory, last modified before this Maven session
 * started (taken down to the whole second, for file systems that keep whole seconds). So a report of
 * another execution id (default-cli from the command line, then the POM's) is not counted twice,
 * while the reports of other executions of this build, and other tools' reports, stay.
 *
 * <p>Settings not given here (memory, imports, pool, the Docker daemon) come from the engine's YAML
 * file and {@code LEAN_DOCKER_MCP_*} variables, as for the other front doors.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public final class CheckMojo extends AbstractMojo {

    /** The SARIF logs of this plugin (the default sarifFile's pattern), which stale-report removal looks for. */
    static final String SARIF_FILE_GLOB = "lean-sandbox-*.sarif";

    /** The project's base directory: relative paths are resolved against it. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    private File basedir;

    /** Directories searched for Lean files. Default: {@code src/main/lean} and {@code src/test/lean}, each skipped when missing; a configured directory must exist. */
    @Parameter
    private List<File> sourceDirectories;

    /** Ant-style patterns, relative to a source directory, of the files to check; each must end in {@code .lean}. Default: {@code **}{@code /*.lean}. */
    @Parameter
    private List<String> includes;

    /** Ant-style patterns, relative to a source directory, of files not to check. */
    @Parameter
    private List<String> excludes;

    /*
     * The three failOn switches are read as text: Maven turns anything but "true" into false for a
     * boolean parameter, so a typo (-Dlean-sandbox.failOnSorry=ture) would silently switch a check off.
     */

    /** Fail the build when Lean reports an error, or when a check reaches no verdict (timeout, limit, refused source): {@code true} or {@code false}. */
    @Parameter(property = "lean-sandbox.failOnError", defaultValue = "true")
    private String failOnError;

    /** Fail the build when a proof uses {@code sorry}: {@code true} or {@code false}. */
    @Parameter(property = "lean-sandbox.failOnSorry", defaultValue = "true")
    private String failOnSorry;

    /** Fail the build when Lean reports a warning (other than the one about {@code sorry}, which failOnSorry governs): {@code true} or {@code false}. */
    @Parameter(property = "lean-sandbox.failOnWarning", defaultValue = "false")
    private String failOnWarning;

    /**
     * Axioms theorems and definitions may depend on. Lean is always asked ({@code #print axioms}) for
     * the axioms of every theorem, lemma, example and definition; one depending on any other axiom
     * fails the build, and so does one whose axioms Lean did not report. Unset: the engine's setting
     * {@code grading.allowed_axioms}, by default Lean's standard three, {@code propext},
     * {@code Classical.choice} and {@code Quot.sound}. The single entry {@code none} allows no axiom.
     */
    @Parameter(property = "lean-sandbox.allowedAxioms")
    private List<String> allowedAxioms;

    /** Wall-clock limit of one file's check, in seconds. Default: the engine's {@code docker.timeout} (30). */
    @Parameter(property = "lean-sandbox.timeout")
    private Integer timeout;

    /** Files checked at once, each in a sandbox of its own. Default: the number of processors. */
    @Parameter(property = "lean-sandbox.parallelism")
    private Integer parallelism;

    /** Where sandboxes run: {@code docker}, or {@code local} for trusted code on a machine with Lean. Default: the engine's {@code docker.backend} (docker). */
    @Parameter(property = "lean-sandbox.backend")
    private String backend;

    /** The Docker image with the Lean toolchain. Default: the engine's {@code docker.image} ({@code lean-sandbox:<version>}). */
    @Parameter(property = "lean-sandbox.image")
    private String image;

    /** Skip the check: no file is checked, no report written or removed. */
    @Parameter(property = "lean-sandbox.skip", defaultValue = "false")
    private boolean skip;

    /*
     * skipTests and maven.test.skip are Maven's own switches, read as every plugin reads them (a
     * plain boolean), unlike the failOn switches: a build that says -DskipTests means the same here.
     */

    /**
     * Maven's switch to skip the tests ({@code -DskipTests}): when true, the Lean files of the test tree,
     * {@code src/test} ({@code src/test/lean} and any source directory under {@code src/test}), are not
     * checked; the others, such as {@code src/main/lean}, still are.
     */
    @Parameter(property = "skipTests", defaultValue = "false")
    private boolean skipTests;

    /** Maven's switch to skip building and running the tests ({@code -Dmaven.test.skip=true}): the same as skipTests here. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    private boolean mavenTestSkip;

    /**
     * Skip files unchanged since their last passing check (same content, toolchain and settings).
     * {@code false} checks every file; the cache is still updated.
     */
    @Parameter(property = "lean-sandbox.incremental", defaultValue = "true")
    private boolean incremental;

    /**
     * Where the XML report ({@code TEST-lean-sandbox-EXECUTION.xml}, EXECUTION the execution id) is
     * written. Reports {@code TEST-lean-sandbox-*.xml} here that an earlier build wrote (last modified
     * before this Maven session started) are removed, so they are not counted again.
     */
    @Parameter(property = "lean-sandbox.reportsDirectory", defaultValue = "${project.build.directory}/lean-sandbox-reports")
    private File reportsDirectory;

    /**
     * Also write a SARIF 2.1.0 log of the findings (to {@code sarifFile}), for GitHub code scanning
     * ({@code github/codeql-action/upload-sarif}) and other SARIF readers. One run of the tool
     * {@code lean-sandbox}, with a rule per kind of finding: {@code lean-error}, {@code lean-sorry},
     * {@code lean-warning}, {@code lean-axioms}, {@code lean-unverified}, {@code lean-timeout},
     * {@code lean-limit}, {@code lean-refused}, {@code lean-unavailable}. Each of Lean's errors and
     * warnings, and each {@code sorry}, is a result at its place; the other findings are at their
     * declaration's line, or line 1. A result is an {@code error} when it fails the build, else a
     * {@code warning}. Paths are relative to {@code %SRCROOT%}, the top of the build (the directory
     * with {@code .mvn}, else where Maven started), which GitHub takes for the repository's root.
     * Files unchanged since their last passing check have no results: for code scanning, check
     * every file ({@code mvn clean verify}, or {@code -Dlean-sandbox.incremental=false}).
     */
    @Parameter(property = "lean-sandbox.sarifOutput", defaultValue = "false")
    private boolean sarifOutput;

    /**
     * Where the SARIF log goes. Files {@code lean-sandbox-*.sarif} in its directory, and this file,
     * that an earlier build wrote (last modified before this Maven session started) are removed, even
     * when sarifOutput is false, so an upload never sends a stale log.
     */
    @Parameter(property = "lean-sandbox.sarifFile",
            defaultValue = "${project.build.directory}/lean-sandbox-reports/lean-sandbox-${mojoExecution.executionId}.sarif")
    private File sarifFile;

    /** The cache of passing files. */
    @Parameter(property = "lean-sandbox.cacheFile", defaultValue = "${project.build.directory}/lean-sandbox-cache.json")
    private File cacheFile;

    @Parameter(defaultValue = "${mojoExecution.executionId}", readonly = true)
    private String executionId;

    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    private String pluginVersion;

    /** When this Maven session started: reports older than this are an earlier build's. */
    @Parameter(defaultValue = "${session.request.startTime}", readonly = true)
    private Date sessionStartTime;

    /** The top of the build (the directory with {@code .mvn}, else where it started): SARIF names files relative to it. */
    @Parameter(defaultValue = "${session.request.multiModuleProjectDirectory}", readonly = true)
    private File multiModuleProjectDirectory;

    /** The directory of the build's top project: SARIF's top when the multi-module project directory does not hold this project. */
    @Parameter(defaultValue = "${session.executionRootDirectory}", readonly = true)
    private File executionRootDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Lean checks skipped (lean-sandbox.skip)");
            return;
        }
        LocalDateTime startedAt = LocalDateTime.now();
        long start = System.nanoTime();
        Path base = basedir.toPath().toAbsolutePath().normalize();
        int threads = parallelism();
        FailurePolicy policy = new FailurePolicy(flag("failOnError", failOnError, true), flag("failOnSorry", failOnSorry, true),
                flag("failOnWarning", failOnWarning, false));
        Settings settings = engineSettings(threads);
        AxiomPolicy axioms = axiomPolicy(settings);

        boolean configured = sourceDirectories != null && !sourceDirectories.isEmpty();
        List<Path> directories = configured
                ? sourceDirectories.stream().map(File::toPath).toList()
                : SourceScanner.DEFAULT_DIRECTORIES.stream().map(Path::of).toList();
        Optional<String> testSkip = mavenTestSkip ? Optional.of("maven.test.skip") : skipTests ? Optional.of("skipTests") : Optional.empty();
        SourceScanner.Found found = SourceScanner.of(base, includes, excludes)
                .scan(directories, configured, testSkip.map(property -> SourceScanner.TEST_TREE));
        if (testSkip.isPresent()) {
            int skipped = found.skipped().size();
            getLog().info("Not checking the Lean files under " + LeanFile.slashes(SourceScanner.TEST_TREE) + " (" + skipped + " file"
                    + (skipped == 1 ? "" : "s") + "): " + testSkip.get() + " is true, which skips the tests; the other source"
                    + " directories are checked (-Dlean-sandbox.skip=true skips them too)");
        }
        List<LeanFile> files = found.files();
        removeStaleReports(base, !files.isEmpty());
        if (files.isEmpty()) {
            getLog().info("No Lean files to check in " + directories.stream().map(d -> base.relativize(base.resolve(d)).toString())
                    .toList() + " (includes " + (includes == null || includes.isEmpty() ? SourceScanner.DEFAULT_INCLUDES : includes) + ")");
            if (sarifOutput) {
                // A log with no results, so an upload step finds one (and code scanning closes what was found before).
                writeSarif(List.of(), policy, base);
            }
            return;
        }
        Map<LeanFile, byte[]> contents = read(files);
        CheckCache cache = CheckCache.load(cacheFile.toPath(), getLog()::warn);

        Checked checked = check(files, contents, cache, settings, threads, axioms, policy);
        List<FileOutcome> outcomes = checked.outcomes();
        Duration wallTime = Duration.ofNanos(System.nanoTime() - start);
        Path report = writeReport(outcomes, wallTime, startedAt, settings, checked.toolchain());
        if (sarifOutput) {
            writeSarif(outcomes, policy, base);
        }
        if (checked.key().isPresent()) {
            updateCache(cache, outcomes, contents, checked.key().get());
        }
        getLog().info(ConsoleSummary.totals(outcomes, wallTime));

        List<FileOutcome> unavailable = outcomes.stream().filter(o -> o.status() == FileOutcome.Status.UNAVAILABLE).toList();
        if (!unavailable.isEmpty()) {
            FileOutcome first = unavailable.get(0);
            throw new MojoExecutionException("The sandbox failed while checking " + unavailable.size() + " Lean file"
                    + (unavailable.size() == 1 ? "" : "s") + " (" + first.file().relativePath() + ": "
                    + String.join("; ", first.problemMessages()) + "). Run the build again; if it keeps failing, check the"
                    + " Docker daemon (docker info) and the image.");
        }
        if (outcomes.stream().anyMatch(FileOutcome::failing)) {
            throw new MojoFailureException(ConsoleSummary.failureMessage(outcomes, LeanFile.slashes(shown(base, report))));
        }
    }

    /** The outcomes of a run, in path order, and the toolchain and cache key they were judged with (when known). */
    private record Checked(List<FileOutcome> outcomes, Optional<String> toolchain, Optional<String> key) {
    }

    /**
     * Skips the files the cache knows unchanged, checks the others, and closes the engine. The engine
     * starts only when a file needs checking (or, for the local backend, to ask the toolchain's version).
     */
    private Checked check(List<LeanFile> files, Map<LeanFile, byte[]> contents, CheckCache cache, Settings settings,
                          int threads, AxiomPolicy axioms, FailurePolicy policy) throws MojoExecutionException {
        List<FileOutcome> outcomes = new ArrayList<>();
        LeanSandbox engine = null;
        try {
            Optional<String> toolchain;
            if (settings.backend() == Backend.LOCAL) {
                engine = start(settings, threads);
                toolchain = ToolchainIdentity.ofEngine(engine);
            } else {
                toolchain = ToolchainIdentity.ofDockerImage(settings);
            }
            Optional<String> key = toolchain.map(t -> CacheKey.of(t, settings, policy, axioms, pluginVersion));
            List<LeanFile> toCheck = new ArrayList<>();
            for (LeanFile file : files) {
                if (incremental && key.isPresent() && cache.isUnchanged(file.relativePath(), sha256(contents, file), key.get())) {
                    outcomes.add(FileOutcome.unchanged(file));
                } else {
                    toCheck.add(file);
                }
            }
            if (!outcomes.isEmpty()) {
                getLog().info("Skipping " + outcomes.size() + " of " + files.size() + " Lean file" + (files.size() == 1 ? "" : "s")
                        + ": " + outcomes.size() + " unchanged since their last passing check");
            }
            if (toCheck.isEmpty()) {
                getLog().info("Nothing to check: every Lean file is unchanged since its last passing check");
            } else {
                int atOnce = Math.min(threads, toCheck.size());
                if (engine == null) {
                    engine = start(settings, atOnce);
                }
                if (key.isEmpty()) {
                    getLog().warn("Cannot tell which toolchain the sandboxes run, so no file is skipped and none is cached this time");
                }
                getLog().info("Checking " + toCheck.size() + " Lean file" + (toCheck.size() == 1 ? "" : "s") + " with "
                        + describe(engine.settings()) + ", timeout " + FileChecker.seconds(engine.settings().timeout())
                        + ", " + atOnce + " at a time, allowed axioms: "
                        + (axioms.allowed().isEmpty() ? AxiomPolicy.NONE : String.join(", ", axioms.allowed())));
                outcomes.addAll(checkAll(new FileChecker(engine, axioms, policy), toCheck, contents, atOnce));
            }
            outcomes.sort(Comparator.comparing(o -> o.file().relativePath()));
            return new Checked(outcomes, toolchain, key);
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
    }

    private Path writeReport(List<FileOutcome> outcomes, Duration wallTime, LocalDateTime startedAt, Settings settings,
                             Optional<String> toolchain) throws MojoExecutionException {
        Path report = JUnitXmlReport.fileFor(reportsDirectory.toPath(), executionId);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("lean-sandbox.backend", settings.backend().name().toLowerCase(Locale.ROOT));
        properties.put("lean-sandbox.image", settings.image());
        properties.put("lean-sandbox.toolchain", toolchain.orElse("unknown"));
        properties.put("lean-sandbox.timeout", String.valueOf(settings.timeout().toSeconds()));
        properties.put("lean-sandbox.pluginVersion", String.valueOf(pluginVersion));
        try {
            JUnitXmlReport.write(report, outcomes, wallTime, startedAt, properties);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write the report " + report + ": " + e.getMessage(), e);
        }
        return report;
    }

    /**
     * Removes this plugin's reports that an earlier build wrote (see the class comment), so they are
     * not counted again beside this build's. The files this execution is about to write (its XML
     * report when {@code writingReport}: there are files to check; its SARIF log when sarifOutput) are
     * replaced, not removed, so a reader never finds them missing. Without the session's start time
     * (never in a real build) nothing is removed.
     */
    private void removeStaleReports(Path base, boolean writingReport) throws MojoExecutionException {
        if (sessionStartTime == null) {
            getLog().debug("the session's start time is unknown: no stale report is removed");
            return;
        }
        Instant start = sessionStartTime.toInstant();
        Path sarif = sarifFile.toPath().toAbsolutePath().normalize();
        Set<Path> replaced = new HashSet<>();
        if (writingReport) {
            replaced.add(JUnitXmlReport.fileFor(reportsDirectory.toPath(), executionId).toAbsolutePath().normalize());
        }
        if (sarifOutput) {
            replaced.add(sarif);
        }
        List<Path> removed = new ArrayList<>();
        try {
            removed.addAll(StaleReports.remove(reportsDirectory.toPath(), JUnitXmlReport.SUITE_FILE_GLOB, start, replaced));
            removed.addAll(StaleReports.remove(sarif.getParent(), SARIF_FILE_GLOB, start, replaced));
            if (!replaced.contains(sarif) && !removed.contains(sarif) && StaleReports.removeIfStale(sarif, start)) {
                removed.add(sarif);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot remove the reports an earlier build left in " + reportsDirectory + ": " + e
                    + ". Remove them by hand, or run mvn clean.", e);
        }
        if (!removed.isEmpty()) {
            getLog().info("Removed " + removed.size() + " report" + (removed.size() == 1 ? "" : "s") + " of an earlier build: "
                    + String.join(", ", removed.stream().map(p -> LeanFile.slashes(shown(base, p))).toList()));
        }
    }

    private void writeSarif(List<FileOutcome> outcomes, FailurePolicy policy, Path base) throws MojoExecutionException {
        Path file = sarifFile.toPath();
        Sarif.Log log = new SarifReport(policy, sourceRoot(base)).log(outcomes, pluginVersion);
        try {
            SarifReport.write(file, log);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write the SARIF report " + file + ": " + e.getMessage(), e);
        }
        int results = log.runs().get(0).results().size();
        getLog().info("SARIF report: " + LeanFile.slashes(shown(base, file)) + " (" + results + " result" + (results == 1 ? "" : "s") + ")");
    }

    /**
     * The top of the build, which SARIF names files relative to (GitHub reads them from the
     * repository's root): the multi-module project directory (where {@code .mvn} is, else where the
     * build started), else the execution root, whichever holds this project; else the project's own directory.
     */
    private Path sourceRoot(Path base) {
        for (File candidate : Arrays.asList(multiModuleProjectDirectory, executionRootDirectory)) {
            if (candidate != null) {
                Path root = candidate.toPath().toAbsolutePath().normalize();
                if (base.startsWith(root)) {
                    return root;
                }
            }
        }
        return base;
    }

    /** {@code path} relative to the project's directory when inside it, for the log. */
    private static Path shown(Path base, Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute) : absolute;
    }

    /** A failOn switch: {@code true} or {@code false} (any case); unset is {@code otherwise}; anything else stops the build. */
    static boolean flag(String name, String value, boolean otherwise) throws MojoExecutionException {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new MojoExecutionException(name + " must be true or false, got '" + value.strip() + "' (parameter " + name
                        + ", -Dlean-sandbox." + name + ")");
        }
    }

    private int parallelism() throws MojoExecutionException {
        int threads = parallelism == null ? Runtime.getRuntime().availableProcessors() : parallelism;
        if (threads < 1) {
            throw new MojoExecutionException("parallelism must be 1 or more, got " + threads
                    + " (parameter parallelism, -Dlean-sandbox.parallelism)");
        }
        return threads;
    }

    /**
     * The axiom policy files are graded with: allowedAxioms without blank entries. Maven hands an
     * unset list parameter over as an empty list, so empty means unset: then the engine's setting
     * {@code grading.allowed_axioms} (by default the standard three). {@code none} alone allows no axiom.
     */
    private AxiomPolicy axiomPolicy(Settings settings) {
        return AxiomPolicy.ofParameter(allowedAxioms, settings.grading().axiomPolicy());
    }

    /** The engine's configured settings with this goal's parameters applied. */
    private Settings engineSettings(int poolSize) throws MojoExecutionException {
        if (timeout != null && timeout <= 0) {
            throw new MojoExecutionException("timeout must be a positive number of seconds, got " + timeout
                    + " (parameter timeout, -Dlean-sandbox.timeout)");
        }
        Backend chosenBackend = null;
        if (backend != null && !backend.isBlank()) {
            try {
                chosenBackend = Backend.parse(backend);
            } catch (IllegalArgumentException e) {
                throw new MojoExecutionException("Unknown backend '" + backend.strip() + "' (parameter backend,"
                        + " -Dlean-sandbox.backend): use docker, or local for trusted code on a machine with Lean installed");
            }
        }
        Settings base;
        try {
            base = SettingsLoader.load();
        } catch (SettingsException e) {
            throw new MojoExecutionException("The lean-sandbox settings are invalid: " + e.getMessage() + " (settings come from "
                    + SettingsLoader.CONFIG_VARIABLE + " or ~/.lean-docker-mcp/config.yaml, and "
                    + SettingsLoader.ENV_PREFIX + "* variables)", e);
        }
        Settings.Builder settings = base.toBuilder();
        if (chosenBackend != null) {
            settings.backend(chosenBackend);
        }
        if (image != null && !image.isBlank()) {
            settings.image(image.strip());
        }
        if (timeout != null) {
            settings.timeout(Duration.ofSeconds(timeout));
        }
        try {
            return withPool(settings.build(), poolSize);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("The lean-sandbox settings are invalid: " + e.getMessage(), e);
        }
    }

    /** {@code settings} with a pool of {@code size} sandboxes: one per file checked at once, no more. */
    private static Settings withPool(Settings settings, int size) {
        PoolSettings pool = settings.pool();
        return settings.toBuilder().pool(new PoolSettings(pool.enabled(), size, pool.maxAge(), pool.maxConcurrentCreations(),
                size, pool.acquireTimeout())).build();
    }

    /**
     * Starts the engine. When it cannot start, the build stops with the engine's reason and fix;
     * the cause goes to the debug log only, because Maven would append every cause's message to the
     * one line it prints.
     */
    private LeanSandbox start(Settings settings, int poolSize) throws MojoExecutionException {
        Settings sized = withPool(settings, poolSize);
        try {
            return LeanSandbox.start(sized);
        } catch (LeanSandboxException e) {
            getLog().debug("the engine did not start", e);
            String reason = e.getMessage().strip();
            throw new MojoExecutionException("Cannot check Lean files: " + reason + (reason.endsWith(".") ? "" : ".")
                    + (reason.contains("image") ? " To use another image, set <image> or -Dlean-sandbox.image=IMAGE." : "")
                    + " To skip the Lean checks: -Dlean-sandbox.skip=true.");
        } catch (RuntimeException e) {
            throw new MojoExecutionException("Cannot start the Lean engine (" + describe(sized) + "): " + e, e);
        }
    }

    private static String describe(Settings settings) {
        return settings.backend() == Backend.LOCAL ? "the local Lean toolchain"
                : settings.backend().name().toLowerCase(java.util.Locale.ROOT) + " image " + settings.image();
    }

    private static Map<LeanFile, byte[]> read(List<LeanFile> files) throws MojoExecutionException {
        Map<LeanFile, byte[]> contents = new LinkedHashMap<>();
        for (LeanFile file : files) {
            try {
                contents.put(file, Files.readAllBytes(file.path()));
            } catch (IOException e) {
                throw new MojoExecutionException("Cannot read " + file.path() + ": " + e.getMessage(), e);
            }
        }
        return contents;
    }

    private static String sha256(Map<LeanFile, byte[]> contents, LeanFile file) {
        return CheckCache.sha256(contents.get(file));
    }

    /** Checks {@code files}, {@code threads} at a time; logs each as it finishes. */
    private List<FileOutcome> checkAll(FileChecker checker, List<LeanFile> files, Map<LeanFile, byte[]> contents, int threads)
            throws MojoExecutionException {
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "lean-sandbox-check-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<FileOutcome> done = new ExecutorCompletionService<>(pool);
            for (LeanFile file : files) {
                done.submit(() -> checker.check(file, contents.get(file)));
            }
            List<FileOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                FileOutcome outcome = done.take().get();
                log(outcome);
                outcomes.add(outcome);
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("Interrupted while checking Lean files", e);
        } catch (ExecutionException e) {
            throw new MojoExecutionException("Checking a Lean file failed unexpectedly: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private void log(FileOutcome outcome) {
        String line = ConsoleSummary.fileLine(outcome);
        List<String> findings = ConsoleSummary.findings(outcome, ConsoleSummary.MAX_FINDINGS_PER_FILE);
        if (outcome.failing()) {
            getLog().error(line);
            findings.forEach(getLog()::error);
        } else if (outcome.status() != FileOutcome.Status.PASSED) {
            getLog().warn(line);
            findings.forEach(getLog()::warn);
        } else {
            getLog().info(line);
        }
    }

    private void updateCache(CheckCache cache, List<FileOutcome> outcomes, Map<LeanFile, byte[]> contents, String key)
            throws MojoExecutionException {
        for (FileOutcome outcome : outcomes) {
            String path = outcome.file().relativePath();
            if (outcome.passedCheck()) {
                cache.passed(path, sha256(contents, outcome.file()), key);
            } else if (outcome.status() != FileOutcome.Status.UNCHANGED) {
                cache.forget(path);
            }
        }
        try {
            cache.save(cacheFile.toPath());
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write the cache " + cacheFile + ": " + e.getMessage(), e);
        }
    }
}
