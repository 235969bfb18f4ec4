package io.leansandbox.mcp;

import io.leansandbox.engine.grading.AxiomPolicy;
import io.leansandbox.engine.grading.DeclarationGrade;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Statement;
import io.leansandbox.engine.grading.Submission;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.util.List;
import java.util.Map;

/**
 * The {@code check-proof} tool: grades Lean code with the engine's one verdict policy, optionally
 * against a formal statement it must prove, at trust {@code fast} or {@code gold}.
 */
record CheckProofTool(LeanEngine engine) implements LeanTool {

    static final String NAME = "check-proof";

    private static final Map<String, Object> RESULT_PROPERTIES = Schemas.properties(ResultFields.OUTPUT_SCHEMA);

    static final Map<String, Object> OUTPUT_SCHEMA = Schemas.object(Schemas.ordered(
            "verdict", GradeSchemas.VERDICT,
            "trust", GradeSchemas.TRUST,
            "explanation", Schemas.STRING,
            "declarations", Schemas.array(Schemas.object(Schemas.ordered(
                    "name", Schemas.STRING,
                    "kind", Schemas.STRING,
                    "line", Schemas.INTEGER,
                    "verdict", GradeSchemas.VERDICT,
                    "axioms", Schemas.described(Map.of("type", List.of("array", "null"), "items", Schemas.STRING),
                            "the axioms it depends on, as Lean reported them; null when Lean did not report them")))),
            "axioms", Schemas.described(Schemas.STRINGS, "every axiom a graded declaration depends on (those whose axioms are known)"),
            "status", RESULT_PROPERTIES.get("status"),
            "diagnostics", RESULT_PROPERTIES.get("diagnostics"),
            "sorries", RESULT_PROPERTIES.get("sorries"),
            "elapsed_ms", RESULT_PROPERTIES.get("elapsed_ms")));

    static final Tool TOOL = Tool.builder()
            .name(NAME)
            .title("Check a proof")
            .description("Grade Lean 4 code: every theorem, lemma, example and definition in it is checked by Lean, the "
                    + "axioms each depends on are read from Lean (#print axioms) and held against allowed_axioms (by default "
                    + "the server's grading.allowed_axioms: propext, Classical.choice, Quot.sound). With formal_statement "
                    + "(and its header), the code must prove exactly that theorem. The verdict is one of " + GradeSchemas.VERDICT_LIST
                    + "; valid only with positive evidence for every condition. trust fast (the default) reads Lean's answers "
                    + "from the candidate's own sandbox and refuses code that runs at elaboration time; trust gold then has "
                    + "comparator check a valid result against the statement in sandboxes that never saw the candidate "
                    + "(needs formal_statement and an image with comparator). The result explains the verdict in one "
                    + "sentence and gives each declaration's verdict and axioms and Lean's messages with positions.")
            .inputSchema(Schemas.input(List.of(ToolArguments.CODE),
                    ToolArguments.CODE, Schemas.described(Schemas.STRING,
                            "Lean 4 source to grade, as the contents of a .lean file"),
                    ToolArguments.FORMAL_STATEMENT, Schemas.described(Schemas.OPTIONAL_STRING,
                            "the theorem the code must prove, ending in ':= by sorry', ':= sorry' or ':= by'"),
                    ToolArguments.HEADER, Schemas.described(Schemas.OPTIONAL_STRING,
                            "what formal_statement is stated under: imports, open, options"),
                    ToolArguments.ALLOWED_AXIOMS, Schemas.described(Schemas.ordered("type", List.of("array", "null"), "items", Schemas.STRING),
                            "axioms the proofs may depend on (default: the server's grading.allowed_axioms; [] allows none)"),
                    ToolArguments.TRUST, GradeSchemas.TRUST_INPUT))
            .outputSchema(OUTPUT_SCHEMA)
            .build();

    @Override
    public Tool tool() {
        return TOOL;
    }

    @Override
    public CallToolResult answer(Map<String, Object> arguments, CallContext context) {
        String code = ToolArguments.code(arguments);
        Statement statement = ToolArguments.statement(arguments).orElse(null);
        AxiomPolicy axioms = ToolArguments.allowedAxioms(arguments).map(AxiomPolicy::new).orElse(null);
        Trust trust = ToolArguments.trust(arguments, engine);
        Grade grade = engine.grade(Submission.ofCode(code, statement, engine.maxSourceBytes()), trust, axioms);
        return ToolCalls.result(text(grade), fields(grade), grade.verdict() == Verdict.INFRA_ERROR);
    }

    static Map<String, Object> fields(Grade grade) {
        Map<String, Object> result = ResultFields.of(grade.result());
        return Schemas.ordered(
                "verdict", grade.verdict().wireName(),
                "trust", grade.trust().wireName(),
                "explanation", grade.explanation(),
                "declarations", grade.declarations().stream().map(CheckProofTool::declaration).toList(),
                "axioms", grade.axioms(),
                "status", result.get("status"),
                "diagnostics", result.get("diagnostics"),
                "sorries", result.get("sorries"),
                "elapsed_ms", grade.elapsed().toMillis());
    }

    private static Map<String, Object> declaration(DeclarationGrade d) {
        return Schemas.ordered(
                "name", name(d),
                "kind", d.declaration().kind(),
                "line", d.declaration().startLine(),
                "verdict", d.verdict().wireName(),
                "axioms", d.axioms());
    }

    /** Lean's full name when it gave one; an example has none worth showing, so {@code example@LINE}. */
    private static String name(DeclarationGrade d) {
        return d.name() != null && !d.declaration().kind().equals("example") ? d.name() : d.displayName();
    }

    /** {@code Verdict:}, {@code Trust:}, {@code Explanation:}, one line per declaration, then the check's result in {@link ResultText}'s layout. */
    static String text(Grade grade) {
        StringBuilder text = new StringBuilder()
                .append("Verdict: ").append(grade.verdict().wireName()).append('\n')
                .append("Trust: ").append(grade.trust().wireName()).append('\n')
                .append("Explanation: ").append(grade.explanation()).append('\n');
        for (DeclarationGrade d : grade.declarations()) {
            text.append(d.declaration().kind()).append(' ').append(name(d)).append(" (line ").append(d.declaration().startLine())
                    .append("): ").append(d.verdict().wireName()).append("; axioms: ")
                    .append(d.axioms() == null ? "unknown" : d.axioms().isEmpty() ? "none" : String.join(", ", d.axioms()))
                    .append('\n');
        }
        return text.append(ResultText.render(grade.result())).toString();
    }
}
