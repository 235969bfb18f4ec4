package io.leansandbox.mcp;

import java.util.List;

/** Goals as text: {@code Goals: none}, or a {@code Goals:} section with the goals apart by blank lines. */
final class GoalsText {

    private GoalsText() {
    }

    static String render(List<String> goals) {
        if (goals.isEmpty()) {
            return "Goals: none\n";
        }
        return "Goals:\n" + String.join("\n\n", goals) + '\n';
    }
}
