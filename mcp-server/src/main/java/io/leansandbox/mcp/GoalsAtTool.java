package io.leansandbox.mcp;

import io.leansandbox.engine.lean.GoalsAt;
import io.leansandbox.engine.lean.GoalsAtReply;
import io.leansandbox.engine.lean.InfoTree;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Status;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code goals-at} tool: the goals before and after a line (and column) of some code, read from
 * the tactic nodes of the REPL's info trees ({@code "infotree": "original"}; see {@link GoalsAt} for
 * which tactic a place picks). The code runs once, on a REPL of its own, or in a session's latest
 * environment (which it does not change). No tactic at that place is a result that says so and
 * where tactics are; only a call without an answer (bad arguments, refused source, no sandbox, an
 * unknown session) is {@code isError}.
 */
record GoalsAtTool(LeanEngine engine) implements LeanTool {

    static final String NAME = "goals-at";

    private static final Map<String, Object> TACTIC_SCHEMA = Schemas.object(Schemas.ordered(
            "text", Schemas.described(Schemas.STRING, "the tactic's text in the code"),
            "line", Schemas.INTEGER, "column", Schemas.INTEGER, "end_line", Schemas.INTEGER, "end_column", Schemas.INTEGER));

    static final Map<String, Object> SCHEMA = Schemas.extend(ResultFields.OUTPUT_SCHEMA,
            "session_id", Schemas.described(Schemas.OPTIONAL_STRING, "the session the code ran in; null for a REPL of its own"),
            "line", Schemas.INTEGER,
            "column", Schemas.OPTIONAL_INTEGER,
            "found", Schemas.described(Schemas.BOOLEAN, "whether a tactic is at that place"),
            "tactics", Schemas.described(Schemas.array(TACTIC_SCHEMA),
                    "the tactics the place picks: with a column the innermost one there; without, the outermost ones on the line"),
            "goals_before", Schemas.described(Schemas.STRINGS, "the goals before them, each with its hypotheses"),
            "goals_after", Schemas.described(Schemas.STRINGS, "the goals after them; empty when they closed every goal"),
            "tactic_lines", Schemas.described(Schemas.array(Schemas.INTEGER), "the lines on which tactics start"),
            "notice", Schemas.OPTIONAL_STRING);

    static final Tool TOOL = Tool.builder()
            .name(NAME)
            .title("Goals at a line")
            .description("Show the goals before and after a line of Lean 4 code (and, with column, at that position): "
                    + "Lean elaborates the code once and the tactics' goals are read from its info trees. With a line "
                    + "alone: the tactics on that line, the goals before the first and after the last. With a column: "
                    + "the innermost tactic there. Give session_id to elaborate the code in that session's environment "
                    + "(its definitions available; the session is not changed); leave it out for a REPL of its own.")
            .inputSchema(Schemas.input(List.of(ToolArguments.CODE, ToolArguments.LINE),
                    ToolArguments.CODE, Schemas.described(Schemas.STRING, "Lean 4 source with tactic proofs"),
                    ToolArguments.LINE, Schemas.described(Map.of("type", "integer", "minimum", 1), "the line, from 1"),
                    ToolArguments.COLUMN, Schemas.described(Map.of("type", "integer", "minimum", 0),
                            "the column on that line, from 0, in characters (codepoints), as Lean counts; leave out for the whole line"),
                    ToolArguments.SESSION_ID, Schemas.described(Schemas.OPTIONAL_STRING,
                            "a session to elaborate the code in; leave out for a REPL of its own")))
            .outputSchema(SCHEMA)
            .build();

    @Override
    public Tool tool() {
        return TOOL;
    }

    @Override
    public CallToolResult answer(Map<String, Object> arguments, CallContext context) {
        String code = ToolArguments.code(arguments);
        int line = ToolArguments.line(arguments, code);
        Integer column = ToolArguments.optionalColumn(arguments, code, line);
        Optional<String> session = ToolArguments.optionalSessionId(arguments);
        GoalsAtReply reply = engine.goalsAt(session.orElse(null), code, line, column);
        GoalsAt goals = reply.goals();
        boolean found = goals != null && goals.found();
        List<Map<String, Object>> tactics = goals == null ? List.of() : goals.tactics().stream()
                .map(t -> Schemas.ordered("text", text(reply.code(), t), "line", t.start().line(), "column", t.start().column(),
                        "end_line", t.end().line(), "end_column", t.end().column()))
                .toList();
        Map<String, Object> fields = Schemas.with(ResultFields.of(reply.result()),
                "session_id", reply.sessionId(),
                "line", line,
                "column", column,
                "found", found,
                "tactics", tactics,
                "goals_before", goals == null ? List.of() : goals.goalsBefore(),
                "goals_after", goals == null ? List.of() : goals.goalsAfter(),
                "tactic_lines", goals == null ? List.of() : goals.tacticLines(),
                "notice", reply.notice());
        return ToolCalls.result(text(reply, line, column, tactics), fields, reply.result().status() == Status.INFRASTRUCTURE_ERROR);
    }

    private static String text(String code, InfoTree.Tactic t) {
        String source = GoalsAt.sourceText(code, t.start(), t.end());
        return source.isEmpty() ? t.pp() : source;
    }

    private static String text(GoalsAtReply reply, int line, Integer column, List<Map<String, Object>> tactics) {
        StringBuilder text = new StringBuilder();
        if (reply.sessionId() != null) {
            text.append("Session ID: ").append(reply.sessionId()).append("\n\n");
        }
        String place = "line " + line + (column == null ? "" : ", column " + column);
        GoalsAt goals = reply.goals();
        if (goals == null) {
            text.append("Goals at ").append(place).append(": none known: Lean gave no answer to read them from (")
                    .append(reply.result().status()).append(')');
            String cause = reply.result().stderr().strip();
            if (!cause.isEmpty()) {
                text.append("\nError: ").append(cause);
            }
        } else if (!goals.found()) {
            text.append("Goals at ").append(place).append(": no tactic there");
            text.append(goals.tacticLines().isEmpty() ? " (Lean elaborated no tactic in this code)"
                    : " (tactics start on line" + (goals.tacticLines().size() == 1 ? " " : "s ")
                    + goals.tacticLines().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")");
        } else {
            text.append("Goals at ").append(place).append(':');
            for (Map<String, Object> t : tactics) {
                text.append("\nTactic: ").append(t.get("text")).append(" (").append(t.get("line")).append(':').append(t.get("column"))
                        .append('-').append(t.get("end_line")).append(':').append(t.get("end_column")).append(')');
            }
            text.append("\nGoals Before:").append(goals.goalsBefore().isEmpty() ? " none" : "\n" + String.join("\n\n", goals.goalsBefore()));
            text.append("\nGoals After:").append(goals.goalsAfter().isEmpty() ? " none: no goals left"
                    : "\n" + String.join("\n\n", goals.goalsAfter()));
        }
        if (!reply.result().diagnostics().isEmpty()) {
            text.append("\n\nLean's Messages:");
            for (Diagnostic d : reply.result().diagnostics()) {
                text.append('\n').append(d);
            }
        }
        if (reply.notice() != null) {
            text.append("\n\nNotice:\n").append(reply.notice());
        }
        return text.toString();
    }
}
