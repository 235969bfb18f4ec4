package io.leansandbox.junit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar Maven installs (the shaded one, issue 13): what a user's test classpath gets is the JUnit
 * engine, the relocated lean-sandbox engine and its relocated libraries, and a POM naming only
 * junit-platform-engine and slf4j-api. The relocated classes are loaded here in a class loader that
 * sees only that jar and slf4j-api, as a user's tests would (the unshaded engine and its libraries,
 * which this module's test classpath also holds, are out of its reach).
 */
class ShadedJarIT {

    private static final String SHADED = "io.leansandbox.junit.shaded.";
    private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/(\\d+)/(.+)");

    private static Path jar;
    private static URLClassLoader user;

    @BeforeAll
    static void userClassLoader() throws IOException {
        jar = Path.of(System.getProperty("lean.junit.jar", "target/lean-sandbox-junit-engine.jar"));
        assertThat(jar).as("the shaded jar (mvn package makes it)").isRegularFile();
        URL slf4j = org.slf4j.LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation();
        user = new URLClassLoader(new URL[] {jar.toUri().toURL(), slf4j}, ClassLoader.getPlatformClassLoader());
    }

    @AfterAll
    static void close() throws IOException {
        user.close();
    }

    @Test
    void everyEmbeddedClassAndResourceIsUnderIoLeansandbox() throws IOException {
        List<String> outside = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(JarEntry::getName).filter(name -> !name.endsWith("/")).forEach(name -> {
                Matcher versioned = VERSIONED.matcher(name);
                String path = versioned.matches() ? versioned.group(2) : name;
                boolean metadata = !versioned.matches() && name.startsWith("META-INF/");
                if (!metadata && !path.startsWith("io/leansandbox/")) {
                    outside.add(name);
                }
            });
            assertThat(file.getManifest().getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
            assertThat(file.getEntry("META-INF/services/org.junit.platform.engine.TestEngine")).isNotNull();
        }
        assertThat(outside).as("entries a user's classpath would share with its own libraries").isEmpty();
    }

    @Test
    void theInstalledPomNamesOnlyTheJUnitPlatformApiAndSlf4j() throws Exception {
        Path pom = Path.of(System.getProperty("lean.junit.pom", "target/dependency-reduced-pom.xml"));
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        Set<String> transitive = new TreeSet<>();
        NodeList dependencies = project.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (dependency.getParentNode().getParentNode() != project) {
                continue; // dependencyManagement, plugins
            }
            String scope = text(dependency, "scope");
            boolean optional = "true".equals(text(dependency, "optional"));
            if (!optional && (scope == null || scope.equals("compile") || scope.equals("runtime"))) {
                transitive.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
            }
        }
        assertThat(transitive).containsExactly("org.junit.platform:junit-platform-engine", "org.slf4j:slf4j-api");
    }

    @Test
    void theRelocatedEngineKeepsItsContainerLabelsAndFindsItsResources() throws Exception {
        // The plugin rewrites strings that start with a relocated package: the owner label, which the
        // reaper script and the other front doors' engines look for, must not be one of them.
        Class<?> labels = Class.forName(SHADED + "engine.sandbox.docker.OwnerLabels", false, user);
        assertThat(constant(labels, "ENGINE")).isEqualTo("io.leansandbox.engine");
        assertThat(constant(labels, "MANAGED")).isEqualTo("io.leansandbox.managed");

        // Read as the engine reads them: relative to its (relocated) classes, and by the absolute name in ImageNames.
        assertThat(resource(SHADED + "engine.sandbox.AgentScript", "agent.py")).isNotEmpty();
        assertThat(resource(SHADED + "engine.sandbox.docker.Reaper", "reaper.py")).contains("io.leansandbox.engine");
        Class<?> imageNames = Class.forName(SHADED + "engine.config.ImageNames", true, user);
        assertThat((String) imageNames.getField("VERSION").get(null)).isNotBlank().doesNotContain("${");
    }

    @Test
    void relocatedJacksonReadsAndWritesDockerJavasModels() throws Exception {
        Class<?> config = Class.forName(SHADED + "com.github.dockerjava.core.DefaultDockerClientConfig", true, user);
        Object builder = config.getMethod("createDefaultConfigBuilder").invoke(null);
        builder = builder.getClass().getMethod("withDockerHost", String.class).invoke(builder, "unix:///var/run/docker.sock");
        Object built = builder.getClass().getMethod("build").invoke(builder);
        Object mapper = built.getClass().getMethod("getObjectMapper").invoke(built);
        assertThat(mapper.getClass().getName()).isEqualTo(SHADED + "com.fasterxml.jackson.databind.ObjectMapper");

        Class<?> inspect = Class.forName(SHADED + "com.github.dockerjava.api.command.InspectContainerResponse", true, user);
        Method readValue = mapper.getClass().getMethod("readValue", String.class, Class.class);
        Object response = readValue.invoke(mapper, "{\"Id\":\"abc123\",\"Name\":\"/lean\",\"SomethingNew\":1,"
                + "\"State\":{\"Running\":true,\"ExitCode\":0,\"StartedAt\":\"2026-01-01T00:00:00Z\"},"
                + "\"Config\":{\"Labels\":{\"io.leansandbox.managed\":\"true\"}}}", inspect);
        assertThat(inspect.getMethod("getId").invoke(response)).isEqualTo("abc123");
        Object state = inspect.getMethod("getState").invoke(response);
        assertThat(state.getClass().getMethod("getRunning").invoke(state)).isEqualTo(true);
        Object containerConfig = inspect.getMethod("getConfig").invoke(response);
        assertThat(containerConfig.getClass().getMethod("getLabels").invoke(containerConfig))
                .hasToString("{io.leansandbox.managed=true}");

        Class<?> hostConfig = Class.forName(SHADED + "com.github.dockerjava.api.model.HostConfig", true, user);
        Object host = hostConfig.getMethod("newHostConfig").invoke(null);
        host = hostConfig.getMethod("withMemory", Long.class).invoke(host, 256L << 20);
        String json = (String) mapper.getClass().getMethod("writeValueAsString", Object.class).invoke(mapper, host);
        assertThat(json).contains("\"Memory\":268435456");
    }

    @Test
    void multiReleaseClassesLoadUnderTheirRelocatedNames() throws Exception {
        // The plugin rewrites their contents but not their paths (MSHADE-406); the pom moves the paths.
        // A class whose path and name disagree would fail here with NoClassDefFoundError (wrong name).
        int feature = Runtime.version().feature();
        int loaded = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                Matcher versioned = VERSIONED.matcher(entry.getName());
                if (versioned.matches() && versioned.group(2).endsWith(".class")
                        && Integer.parseInt(versioned.group(1)) <= feature) {
                    String name = versioned.group(2).replace('/', '.').replaceAll("\\.class$", "");
                    assertThat(Class.forName(name, false, user).getName()).isEqualTo(name);
                    loaded++;
                }
            }
        }
        assertThat(loaded).as("versioned classes for Java " + feature).isPositive();
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    private static Object constant(Class<?> type, String name) throws ReflectiveOperationException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }

    private static String resource(String className, String name) throws Exception {
        Class<?> type = Class.forName(className, false, user);
        try (InputStream in = type.getResourceAsStream(name)) {
            assertThat(in).as(name + " beside " + className).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
