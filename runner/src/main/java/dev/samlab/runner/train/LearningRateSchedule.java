package dev.samlab.runner.train;

import dev.samlab.runner.config.TrainingConfig;

/**
 * The factor the configured learning rate is multiplied by at each step: a linear warm-up, then constant, cosine
 * (to 0 at the last step, as {@code CosineAnnealingLR} over the whole run) or step decay at epoch milestones.
 */
final class LearningRateSchedule {

    private final TrainingConfig training;
    private final long stepsPerEpoch;
    private final long totalSteps;
    private final long warmupSteps;

    LearningRateSchedule(TrainingConfig training, long stepsPerEpoch) {
        this.training = training;
        this.stepsPerEpoch = stepsPerEpoch;
        this.totalSteps = stepsPerEpoch * training.epochs();
        this.warmupSteps = Math.round(training.warmupEpochs() * stepsPerEpoch);
    }

    /** The factor for step {@code iteration} (counted from 0 over the run). */
    double factor(long iteration) {
        if (iteration < warmupSteps) {
            return (double) (iteration + 1) / warmupSteps;
        }
        return switch (training.schedule()) {
            case "cosine" -> {
                double progress = (double) (iteration - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
                yield 0.5 * (1 + Math.cos(Math.PI * progress));
            }
            case "step" -> {
                long epoch = iteration / stepsPerEpoch;
                long passed =
                        training.milestones().stream().filter(m -> m <= epoch).count();
                yield Math.pow(training.gamma(), passed);
            }
            default -> 1.0;
        };
    }
}
