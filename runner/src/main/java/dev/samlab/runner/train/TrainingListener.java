package dev.samlab.runner.train;

import java.io.IOException;

/**
 * What the training loop tells the rest of a run, on the training thread, listener after listener in the order they
 * were bound. Outputs are listeners (the checkpoint, metrics.csv and the report, log lines, the progress display):
 * a new output adds one instead of editing the loop. The checkpoint listener is bound first, since a checkpoint is
 * the commit the files after it are derived from.
 */
public interface TrainingListener {

    /** Before this session's first step; {@code start} is where the run stands (a fresh one, or restored). */
    default void runStarted(Progress start, TrainingPlan plan) throws IOException {}

    /** Before an epoch's first step (or the first step left of it, after a resume). */
    default void epochStarted(Progress progress, int stepsPerEpoch) {}

    default void stepFinished(Progress progress) {}

    /** After an epoch's steps, however they ended (finished, stopped, diverged, failed). */
    default void stepsEnded() {}

    /** An epoch's steps and evaluations are done: {@code progress} includes its {@code metrics}. */
    default void epochFinished(Progress progress, EpochMetrics metrics) throws IOException {}

    /** Stopped on request (Ctrl-C, SIGTERM) between two steps of an epoch, at {@code progress}. */
    default void stopped(Progress progress) throws IOException {}

    /** The training loss was NaN or infinite; the run ends with this error. */
    default void diverged(TrainingDivergedException error) {}
}
