package io.leansandbox.engine.lean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImportPolicyTest {

    private static ImportHeader header(String source) {
        return ImportHeader.parse(source);
    }

    @Test
    void parentModuleAllowsItsChildren() {
        // The original refused this: its allow-list matched whole names only.
        assertThat(ImportPolicy.DEFAULT.violation(header("import Mathlib.Tactic\nimport Std.Data"))).isEmpty();
    }

    @Test
    void unlistedModuleIsRefusedByName() {
        assertThat(ImportPolicy.DEFAULT.violation(header("import Mathlib\nimport Aesop")))
                .hasValueSatisfying(why -> assertThat(why).contains("Aesop").contains("not allowed"));
    }

    @Test
    void blockedModuleAndItsChildrenAreRefused() {
        ImportPolicy policy = new ImportPolicy(java.util.List.of(), java.util.List.of("System.IO"));
        assertThat(policy.violation(header("import System.IO.Process"))).hasValueSatisfying(why ->
                assertThat(why).contains("System.IO.Process").contains("blocked"));
        assertThat(policy.violation(header("import System.IOX"))).isEmpty();
    }

    @Test
    void commentedOutImportsAreNotChecked() {
        assertThat(ImportPolicy.DEFAULT.violation(header("-- import Aesop\n/- import Aesop -/\nimport Lean"))).isEmpty();
    }

    @Test
    void emptyAllowListAllowsAll() {
        assertThat(ImportPolicy.OPEN.violation(header("import Anything.At.All"))).isEmpty();
    }
}
