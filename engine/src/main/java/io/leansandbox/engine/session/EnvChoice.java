package io.leansandbox.engine.session;

/** Which Lean environment a session command continues from. */
public sealed interface EnvChoice {

    /** The environment of the session's last command: definitions carry over (the default). */
    record Latest() implements EnvChoice {
        @Override
        public Integer resolve(Integer latest) {
            return latest;
        }
    }

    /** A new environment, as if the command were the first of a file. */
    record Fresh() implements EnvChoice {
        @Override
        public Integer resolve(Integer latest) {
            return null;
        }
    }

    /** An earlier environment of this session, by the id the REPL gave it. */
    record At(int env) implements EnvChoice {
        @Override
        public Integer resolve(Integer latest) {
            return env;
        }
    }

    /** The env id to send, given the session's latest; null for none (a fresh environment). */
    Integer resolve(Integer latest);

    EnvChoice LATEST = new Latest();
    EnvChoice FRESH = new Fresh();

    static EnvChoice at(int env) {
        return new At(env);
    }
}
