package io.leansandbox.maven;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The part of SARIF 2.1.0 (OASIS, {@code sarif-schema-2.1.0.json}) the SARIF report writes, as
 * records Jackson serializes; absent (null) members are left out. Names follow the specification's.
 */
final class Sarif {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String VERSION = "2.1.0";

    private Sarif() {
    }

    /** The file: one run of the goal. */
    record Log(@JsonProperty("$schema") String schema, String version, List<Run> runs) {
    }

    /**
     * @param originalUriBaseIds where each base id of the artifact locations points (an absolute
     *                           directory URI ending in {@code /})
     * @param columnKind         how columns count: {@code unicodeCodePoints}, as Lean counts them
     */
    record Run(Tool tool, List<Invocation> invocations, Map<String, ArtifactLocation> originalUriBaseIds, String columnKind,
               List<Result> results) {
    }

    record Tool(ToolComponent driver) {
    }

    record ToolComponent(String name, String version, String informationUri, List<ReportingDescriptor> rules) {
    }

    /** A rule: one kind of finding. */
    record ReportingDescriptor(String id, String name, MultiformatMessageString shortDescription,
                               MultiformatMessageString fullDescription, ReportingConfiguration defaultConfiguration) {
    }

    record ReportingConfiguration(String level) {
    }

    record MultiformatMessageString(String text) {
    }

    /** Whether the run did its job: false when a sandbox failed, so some files got no verdict. */
    record Invocation(boolean executionSuccessful) {
    }

    /** One finding. {@code level} is {@code error} when it fails the build, else {@code warning}. */
    record Result(String ruleId, int ruleIndex, String level, Message message, List<Location> locations) {
    }

    record Message(String text) {
    }

    record Location(PhysicalLocation physicalLocation) {
    }

    record PhysicalLocation(ArtifactLocation artifactLocation, Region region) {
    }

    /** A file: {@code uri} relative to the base {@code uriBaseId}, or absolute with no base. */
    record ArtifactLocation(String uri, String uriBaseId) {
    }

    /** Lines and columns from 1; {@code endColumn} is the column just after the region. */
    record Region(Integer startLine, Integer startColumn, Integer endLine, Integer endColumn) {
    }
}
