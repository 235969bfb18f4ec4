package io.leansandbox.engine.config;

/** A setting is unknown or has a bad value; the message is one line naming it. */
public final class SettingsException extends RuntimeException {

    public SettingsException(String message) {
        super(message);
    }
}
