package dev.samlab.runner.config;

import static dev.samlab.api.InvalidConfigException.check;

import java.util.List;

/**
 * How long and on what batches to train, and how the learning rate moves.
 *
 * @param epochs         passes over the training split (default 10)
 * @param batchSize      training examples per step (default 128)
 * @param labelSmoothing weight moved from the true class to a uniform distribution over all classes in the
 *                       training targets (default 0: plain one-hot cross-entropy)
 * @param schedule       the learning-rate factor over the run: {@code constant} (default), {@code cosine} (to 0 at
 *                       the end) or {@code step} (times {@code gamma} at each of the {@code milestones})
 * @param warmupEpochs   linear warm-up from 0 over this many epochs, before the schedule (default 0)
 * @param milestones     epochs at which the step schedule multiplies the factor by gamma (step only)
 * @param gamma          the step schedule's factor (default 0.1)
 * @param validation     hold out the last N training images as a validation split, evaluated every epoch and
 *                       never trained on, for choosing epochs or hyper-parameters without the test set (default 0)
 * @param microBatch     evaluate each batch in chunks of at most this many examples and sum their gradients: the
 *                       same step, at the memory of a chunk (default: none, the whole batch at once). Batch norm
 *                       normalizes each chunk with its own statistics
 */
public record TrainingConfig(
        Integer epochs,
        Integer batchSize,
        Double labelSmoothing,
        String schedule,
        Double warmupEpochs,
        List<Integer> milestones,
        Double gamma,
        Integer validation,
        Integer microBatch) {

    public TrainingConfig {
        epochs = epochs == null ? 10 : epochs;
        batchSize = batchSize == null ? 128 : batchSize;
        labelSmoothing = labelSmoothing == null ? 0.0 : labelSmoothing;
        schedule = schedule == null ? "constant" : schedule;
        warmupEpochs = warmupEpochs == null ? 0.0 : warmupEpochs;
        milestones = milestones == null ? List.of() : List.copyOf(milestones);
        gamma = gamma == null ? 0.1 : gamma;
        validation = validation == null ? 0 : validation;
        check(epochs > 0, "epochs", "must be > 0, got " + epochs);
        check(batchSize > 0, "batchSize", "must be > 0, got " + batchSize);
        check(labelSmoothing >= 0 && labelSmoothing < 1, "labelSmoothing", "must be in [0, 1), got " + labelSmoothing);
        check(
                List.of("constant", "cosine", "step").contains(schedule),
                "schedule",
                "expected constant, cosine or step, got '" + schedule + "'");
        check(
                warmupEpochs >= 0 && warmupEpochs < epochs,
                "warmupEpochs",
                "must be >= 0 and below epochs (" + epochs + "), got " + warmupEpochs);
        check(milestones.isEmpty() || schedule.equals("step"), "milestones", "only the step schedule has milestones");
        check(
                !schedule.equals("step") || !milestones.isEmpty(),
                "milestones",
                "the step schedule needs epochs to step at, such as milestones: [100, 150]");
        for (int i = 0; i < milestones.size(); i++) {
            check(
                    milestones.get(i) > 0
                            && milestones.get(i) <= epochs
                            && (i == 0 || milestones.get(i) > milestones.get(i - 1)),
                    "milestones[" + i + "]",
                    "must be increasing epochs in [1, " + epochs + "], got " + milestones.get(i));
        }
        check(gamma > 0 && gamma <= 1, "gamma", "must be in (0, 1], got " + gamma);
        check(validation >= 0, "validation", "must be >= 0 (images held out), got " + validation);
        check(
                microBatch == null || microBatch > 0,
                "microBatch",
                "must be > 0 (examples per chunk), got " + microBatch);
    }

    public static TrainingConfig defaults() {
        return ofBatchSize(null);
    }

    /** The defaults, at another batch size (null: the default). */
    public static TrainingConfig ofBatchSize(Integer batchSize) {
        return new TrainingConfig(null, batchSize, null, null, null, null, null, null, null);
    }
}
