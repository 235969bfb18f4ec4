package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The original server's text, for tests that compare with it byte for byte: lean-docker-mcp's
 * {@code _format_execution_result} (src/lean_docker_mcp/server.py, commit 8790804e, lines 186-203)
 * and its cleanup sentence (lines 166-173), transcribed statement by statement:
 *
 * <pre>
 * stdout = result.get("stdout", "")
 * error = result.get("error", "")
 * status = result.get("status", "")
 * exit_code = result.get("exit_code", -1)
 * session_text = f"Session ID: {session_id}\n\n" if session_id else ""
 * status_text = f"Status: {status}\n"
 * exit_code_text = f"Exit Code: {exit_code}\n\n" if exit_code is not None else ""
 * output_text = f"Output:\n{stdout}" if stdout else "No output"
 * error_text = f"\n\nError: {error}" if error else ""
 * return f"{session_text}{status_text}{exit_code_text}{output_text}{error_text}"
 * </pre>
 */
final class SeedLayout {

    private SeedLayout() {
    }

    static String format(Map<String, Object> result, String sessionId) {
        Object stdout = result.getOrDefault("stdout", "");
        Object error = result.getOrDefault("error", "");
        Object status = result.getOrDefault("status", "");
        Object exitCode = result.containsKey("exit_code") ? result.get("exit_code") : (Object) (-1);
        String sessionText = sessionId != null && !sessionId.isEmpty() ? "Session ID: " + sessionId + "\n\n" : "";
        String statusText = "Status: " + status + "\n";
        String exitCodeText = exitCode != null ? "Exit Code: " + exitCode + "\n\n" : "";
        String outputText = !stdout.toString().isEmpty() ? "Output:\n" + stdout : "No output";
        String errorText = !error.toString().isEmpty() ? "\n\nError: " + error : "";
        return sessionText + statusText + exitCodeText + outputText + errorText;
    }

    /** {@code f"Session {session_id} cleaned up successfully: {result['message']}"} */
    static String cleanup(String sessionId, String message) {
        return "Session " + sessionId + " cleaned up successfully: " + message;
    }

    /**
     * The original's result fields for a recorded REPL answer: {@code stdout} is Lean's messages as
     * this server prints them ({@code LINE:COL: severity: message}, one after another, stripped as
     * the original stripped Lean's output); {@code status} {@code success} when no message is an
     * error; {@code exit_code} what {@code lean} returns (1 with an error); {@code error} the first
     * line of the first error, as the original's parse_lean_error took it.
     */
    static Map<String, Object> fieldsOf(JsonNode recordedAnswer) {
        List<String> lines = new ArrayList<>();
        String firstError = null;
        for (JsonNode m : recordedAnswer.path("messages")) {
            String severity = m.path("severity").asText();
            String data = m.path("data").asText();
            lines.add(m.at("/pos/line").asInt() + ":" + m.at("/pos/column").asInt() + ": " + severity + ": " + data);
            if (severity.equals("error") && firstError == null) {
                firstError = data.strip().lines().findFirst().orElse("").strip();
            }
        }
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("stdout", String.join("\n", lines).strip());
        fields.put("exit_code", firstError == null ? 0 : 1);
        fields.put("status", firstError == null ? "success" : "error");
        if (firstError != null) {
            fields.put("error", firstError);
        }
        return fields;
    }
}
