package dev.samlab.runner.data;

import java.util.Locale;

/**
 * What {@code dataset.labelNoise} did to a run's labels, as its report, provenance.json and checkpoint manifest
 * record it.
 *
 * @param changedInTraining   labels changed among the images trained on
 * @param changedInValidation labels changed among the validation images held out from them
 */
public record LabelNoiseCount(
        double fraction,
        String kind,
        long seed,
        int changedInTraining,
        int trainingImages,
        int changedInValidation,
        int validationImages) {

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s label noise of %.0f %% (seed %d): %,d of %,d training labels changed (%.1f %%)%s; test labels clean",
                kind,
                100 * fraction,
                seed,
                changedInTraining,
                trainingImages,
                100.0 * changedInTraining / trainingImages,
                validationImages == 0
                        ? ""
                        : String.format(
                                Locale.ROOT, ", %,d of %,d validation labels", changedInValidation, validationImages));
    }
}
