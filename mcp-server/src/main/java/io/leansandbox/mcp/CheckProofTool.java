package io.leansandbox.mcp;

import io.leansandbox.engine.proof.ProofReport;
import io.leansandbox.engine.proof.Verdict;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code check-proof} tool: grades a proof. Lean checks the code, then the axioms each theorem
 * depends on are read with {@code #print axioms} and held against an allow-list.
 */
record CheckProofTool(LeanEngine engine) implements LeanTool {

    static final String NAME = "check-proof";

    private static final Map<String, Object> RESULT_PROPERTIES = Schemas.properties(ResultFields.OUTPUT_SCHEMA);

    static final Map<String, Object> OUTPUT_SCHEMA = Schemas.object(Schemas.ordered(
            "verdict", Map.of("type", "string", "enum", Arrays.stream(Verdict.values()).map(CheckProofTool::name).toList()),
            "explanation", Schemas.STRING,
            "theorems", Schemas.STRINGS,
            "axioms", Schemas.described(Schemas.STRINGS, "the axioms the theorems depend on; empty when unknown (see axioms_known)"),
            "axioms_known", Schemas.described(Schemas.BOOLEAN, "whether Lean reported the axioms of every theorem"),
            "axioms_allowed", Schemas.described(Schemas.BOOLEAN, "whether the axioms are known and all in allowed_axioms"),
            "allowed_axioms", Schemas.STRINGS,
            "disallowed_axioms", Schemas.STRINGS,
            "status", RESULT_PROPERTIES.get("status"),
            "diagnostics", RESULT_PROPERTIES.get("diagnostics"),
            "sorries", RESULT_PROPERTIES.get("sorries"),
            "elapsed_ms", RESULT_PROPERTIES.get("elapsed_ms")));

    static final Tool TOOL = Tool.builder()
            .name(NAME)
            .title("Check a proof")
            .description("Grade Lean 4 theorems: the verdict is valid (Lean accepts them with no error and no sorry, "
                    + "and their axioms are all allowed), sorry (they use sorry, directly or through sorryAx), error "
                    + "(a Lean error, or no theorem in the code), timeout, or unavailable (no verdict: the sandbox "
                    + "failed or a memory or output limit ended the check). The axioms each theorem depends on are read "
                    + "from Lean (#print axioms) and held against allowed_axioms, by default Lean's standard three "
                    + "(propext, Classical.choice, Quot.sound). The result explains the verdict in one sentence and "
                    + "gives Lean's messages with positions.")
            .inputSchema(Schemas.input(List.of(ToolArguments.CODE),
                    ToolArguments.CODE, Schemas.described(Schemas.STRING,
                            "Lean 4 source with the theorems (or lemmas) to check, as the contents of a .lean file"),
                    ToolArguments.ALLOWED_AXIOMS, Schemas.described(Schemas.ordered("type", List.of("array", "null"), "items", Schemas.STRING),
                            "axioms the proofs may depend on (default: propext, Classical.choice, Quot.sound; [] allows none)")))
            .outputSchema(OUTPUT_SCHEMA)
            .build();

    @Override
    public Tool tool() {
        return TOOL;
    }

    @Override
    public CallToolResult answer(Map<String, Object> arguments) {
        String code = ToolArguments.code(arguments);
        List<String> allowed = ToolArguments.allowedAxioms(arguments).orElse(ProofReport.STANDARD_AXIOMS);
        ProofReport report = engine.checkProof(code, allowed);
        return ToolCalls.result(text(report), fields(report), report.result().status() == Status.INFRASTRUCTURE_ERROR);
    }

    static Map<String, Object> fields(ProofReport report) {
        Map<String, Object> result = ResultFields.of(report.result());
        return Schemas.ordered(
                "verdict", name(report.verdict()),
                "explanation", report.explanation(),
                "theorems", report.theorems(),
                "axioms", report.axioms(),
                "axioms_known", report.axiomsKnown(),
                "axioms_allowed", report.axiomsAllowed(),
                "allowed_axioms", report.allowedAxioms(),
                "disallowed_axioms", report.disallowedAxioms(),
                "status", result.get("status"),
                "diagnostics", result.get("diagnostics"),
                "sorries", result.get("sorries"),
                "elapsed_ms", result.get("elapsed_ms"));
    }

    /** {@code Verdict:}, {@code Explanation:} and the axiom lines, then the check's result in {@link ResultText}'s layout. */
    static String text(ProofReport report) {
        RunResult result = report.result();
        return "Verdict: " + name(report.verdict()) + '\n'
                + "Explanation: " + report.explanation() + '\n'
                + "Theorems: " + list(report.theorems()) + '\n'
                + "Axioms: " + (report.axiomsKnown() ? list(report.axioms()) : "unknown (Lean did not report them for every theorem)") + '\n'
                + "Allowed Axioms: " + list(report.allowedAxioms()) + '\n'
                + (report.disallowedAxioms().isEmpty() ? "" : "Disallowed Axioms: " + list(report.disallowedAxioms()) + '\n')
                + ResultText.render(result);
    }

    private static String list(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String name(Verdict verdict) {
        return verdict.name().toLowerCase(Locale.ROOT);
    }
}
