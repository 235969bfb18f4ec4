package io.leansandbox.engine.sandbox;

/**
 * The label keys every backend puts on what it makes (containers, pods, claims, policies), one
 * contract for all: a reaper, a sweeper, CI's leak check and users' own tooling find the engine's
 * objects by them.
 */
public final class Labels {

    /** {@code true} on everything a lean-sandbox engine made. */
    public static final String MANAGED = "io.leansandbox.managed";
    /** The id of the engine that made it. */
    public static final String ENGINE = "io.leansandbox.engine";
    /** What it is for the engine (a reaper, a sandbox). */
    public static final String ROLE = "io.leansandbox.role";

    private Labels() {
    }
}
