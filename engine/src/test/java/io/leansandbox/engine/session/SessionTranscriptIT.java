package io.leansandbox.engine.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.testing.TestEngines;
import io.leansandbox.engine.testing.Transcripts;
import io.leansandbox.engine.testing.Transcripts.Transcript;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The multi-command transcripts of the real REPL (environment chaining, proof states, tactic mode),
 * driven through the session API: each gives its recorded answers. Commands that continue from the
 * session's latest environment go without an explicit env, so the session's own chaining is what
 * produces the recorded command. Transcripts that need what sessions do not offer (pickling, file
 * paths, REPL options) are listed as skipped with the reason.
 */
class SessionTranscriptIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SESSION_FIELDS = Set.of("cmd", "env", "tactic", "proofState");
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
    Stream<DynamicTest> multiCommandTranscriptsThroughASession() {
        return Transcripts.eachOrSkip(t -> t.answers().size() >= 2, t -> {
            Optional<String> unsupported = unsupported(t);
            assumeTrue(unsupported.isEmpty(), () -> "sessions do not offer " + unsupported.get());
            replay(t);
        });
    }

    private static Optional<String> unsupported(Transcript t) {
        for (String command : t.commands()) {
            for (Iterator<String> fields = parse(command).fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                if (!SESSION_FIELDS.contains(field)) {
                    return Optional.of("the REPL field '" + field + "'");
                }
            }
        }
        return Optional.empty();
    }

    private static void replay(Transcript t) throws IOException {
        SessionManager sessions = engine.sessions();
        String id = sessions.open(null).id();
        try {
            boolean first = true;
            for (int i = 0; i < t.answers().size(); i++) {
                JsonNode command = parse(t.commands().get(i));
                SessionReply reply;
                if (command.has("tactic")) {
                    reply = sessions.tactic(id, command.get("proofState").asInt(), command.get("tactic").asText());
                } else {
                    Integer latest = sessions.list().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().latestEnv();
                    EnvChoice env = !command.has("env") ? (first ? EnvChoice.LATEST : EnvChoice.FRESH)
                            : Integer.valueOf(command.get("env").asInt()).equals(latest) ? EnvChoice.LATEST
                            : EnvChoice.at(command.get("env").asInt());
                    reply = sessions.run(id, command.get("cmd").asText(), env);
                    first = false;
                }
                assertThat(reply.notice()).isNull();
                assertThat(reply.answer()).as(t.name() + " answer " + (i + 1) + ": " + reply.result().stderr()).isNotNull();
                assertThat(reply.answer().raw()).as(t.name() + " answer " + (i + 1)).isEqualTo(JSON.readTree(t.answers().get(i)));
            }
        } finally {
            sessions.close(id);
        }
    }

    private static JsonNode parse(String command) {
        try {
            return JSON.readTree(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
