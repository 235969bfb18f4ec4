package io.leansandbox.engine.grading.eval;

import io.leansandbox.engine.grading.Trust;

import java.util.Objects;

/**
 * The trust level a run grades at, and, when it was not asked for, why it was chosen (the note goes
 * into the summary).
 *
 * @param trust the level every candidate of the run is graded at
 * @param note  why this level, when it was a default; else null
 */
public record TrustChoice(Trust trust, String note) {

    public TrustChoice {
        Objects.requireNonNull(trust, "trust");
    }

    /** The level the user asked for. */
    public static TrustChoice given(Trust trust) {
        return new TrustChoice(trust, null);
    }

    /** The default: {@link Trust#GOLD} when the image supports it, else {@link Trust#FAST}, saying so. */
    public static TrustChoice byDefault(boolean goldAvailable) {
        return goldAvailable ? new TrustChoice(Trust.GOLD, null)
                : new TrustChoice(Trust.FAST, "the image has no gold grading (comparator), so candidates were graded at trust fast;"
                + " fast verdicts rest on the candidate's own sandbox's answers");
    }
}
