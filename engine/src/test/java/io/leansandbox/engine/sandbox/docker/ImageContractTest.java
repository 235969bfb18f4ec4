package io.leansandbox.engine.sandbox.docker;

import io.leansandbox.engine.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What an image without the contract's executables is told: which image, what it lacks, how to fix it. */
class ImageContractTest {

    @Test
    void theMessageNamesTheImageWhatItLacksAndTheFix() {
        assertThat(ImageContract.violation("lean-sandbox/base:bookworm", List.of("lean", "repl"))).isEqualTo(
                "the image 'lean-sandbox/base:bookworm' is not a lean-sandbox image: it has no repl or lean (docker/CONTRACT.md: "
                        + "lean-sandbox checks Lean through the REPL, `repl` and `lean` on PATH, and runs an agent with python3 in "
                        + "every sandbox). Use lean-sandbox's image: leave docker.image (or --image) unset to use "
                        + Settings.DEFAULT_IMAGE + ", which serve builds when it is missing, or build it with bin/lean-sandbox setup.");
    }

    @Test
    void theOriginalServersImageIsRecognised() {
        String message = ImageContract.violation("lean-docker-mcp:latest", List.of("repl", "python3"));
        assertThat(message).startsWith("the image 'lean-docker-mcp:latest' is not a lean-sandbox image: it has no repl or python3 (")
                .contains("It is the image of the original lean-docker-mcp server, which runs `lean` without the REPL")
                .contains("bin/lean-sandbox setup");
    }

    @Test
    void threeMissingAreListedInTheContractsOrder() {
        assertThat(ImageContract.violation("x", List.of("python3", "lean", "repl"))).contains("it has no repl, lean or python3 (");
        assertThat(ImageContract.violation("x", List.of("python3"))).contains("it has no python3 (");
    }
}
