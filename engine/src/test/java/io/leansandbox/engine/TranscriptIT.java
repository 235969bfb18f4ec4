package io.leansandbox.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.lean.ReplResponse;
import io.leansandbox.engine.lean.ReplResponseParser;
import io.leansandbox.engine.testing.TestEngines;
import io.leansandbox.engine.testing.Transcripts;
import io.leansandbox.engine.testing.Transcripts.Transcript;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every recorded REPL transcript, replayed through the Docker backend: the answer the engine
 * reads equals the recorded answer of the real Lean REPL (messages, positions, sorries, env ids,
 * and the whole JSON).
 */
class TranscriptIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ReplResponseParser PARSER = new ReplResponseParser(JSON);
    private static LeanSandbox engine;

    @BeforeAll
    static void start() {
        if (Transcripts.present()) {
            engine = LeanSandbox.start(TestEngines.docker(2));
        }
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRecordedTranscriptGivesItsRecordedAnswers() {
        if (Transcripts.present()) {
            assertThat(Transcripts.all()).hasSizeGreaterThan(40);
        }
        return Transcripts.eachOrSkip(t -> true, TranscriptIT::replay);
    }

    private static void replay(Transcript transcript) throws Exception {
        try (ReplConversation repl = engine.openRepl()) {
            for (int i = 0; i < transcript.answers().size(); i++) {
                JsonNode command = JSON.readTree(transcript.commands().get(i));
                ReplResponse actual = repl.send(command);
                ReplResponse recorded = PARSER.parse(transcript.answers().get(i));
                String where = transcript.name() + " answer " + (i + 1);
                assertThat(actual.messages()).as(where + " messages").isEqualTo(recorded.messages());
                assertThat(actual.sorries()).as(where + " sorries").isEqualTo(recorded.sorries());
                assertThat(actual.env()).as(where + " env").isEqualTo(recorded.env());
                assertThat(actual.proofState()).as(where + " proof state").isEqualTo(recorded.proofState());
                assertThat(actual.goals()).as(where + " goals").isEqualTo(recorded.goals());
                assertThat(actual.raw()).as(where + " whole answer").isEqualTo(JSON.readTree(transcript.answers().get(i)));
            }
        }
    }
}
