package dev.samlab.runner.train;

/**
 * What a run is about to train on, for its listeners.
 *
 * @param validationImages 0 when the run holds out no validation split
 */
public record TrainingPlan(
        String name,
        int trainImages,
        int validationImages,
        int testImages,
        long parameters,
        int epochs,
        int stepsPerEpoch) {}
