package io.leansandbox.engine.grading.eval;

/** Hears how an evaluation is going; called from one thread. {@link #SILENT} hears nothing. */
public interface Progress {

    /** Says nothing. */
    Progress SILENT = new Progress() {
        @Override
        public void started(int toGrade, int skippedByResume) {
        }

        @Override
        public void graded(GradedCandidate result) {
        }

        @Override
        public void finished() {
        }
    };

    /** Grading starts: {@code toGrade} candidates, after {@code skippedByResume} found already graded. */
    void started(int toGrade, int skippedByResume);

    /** One candidate is graded (and its line written). */
    void graded(GradedCandidate result);

    /** Grading has ended (also when it stopped early). */
    void finished();
}
