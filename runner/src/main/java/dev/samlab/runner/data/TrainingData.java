package dev.samlab.runner.data;

import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import dev.samlab.runner.config.ConfigException;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.io.HeapFullException;
import java.io.IOException;
import java.util.Locale;

/**
 * A run's splits as its config cuts them: the training images (first {@code trainLimit}, minus the last
 * {@code training.validation} held out), the validation images, the test images (first {@code testLimit}), and the
 * normalization computed from the training images alone. Training, evaluation and sharpness all use this cut.
 *
 * @param validation null when nothing is held out
 */
public record TrainingData(
        LabeledImages train, LabeledImages validation, LabeledImages test, ChannelNormalization normalization) {

    public static TrainingData of(Dataset dataset, RunConfig config) throws IOException {
        LabeledImages available =
                limited(load(dataset, Split.TRAIN), config.dataset().trainLimit());
        int held = config.training().validation();
        if (held >= available.size()) {
            throw new ConfigException(
                    "training.validation",
                    "holds out " + held + " of the " + available.size() + " training images, leaving none to train on");
        }
        LabeledImages train = available.slice(0, available.size() - held);
        LabeledImages validation = held == 0 ? null : available.slice(available.size() - held, available.size());
        LabeledImages test = limited(load(dataset, Split.TEST), config.dataset().testLimit());
        return new TrainingData(train, validation, test, ChannelNormalization.of(train));
    }

    private static LabeledImages load(Dataset dataset, Split split) throws IOException {
        try {
            return dataset.load(split);
        } catch (OutOfMemoryError e) {
            throw new HeapFullException(
                    "loading the dataset's " + split.name().toLowerCase(Locale.ROOT) + " images (the heap holds them,"
                            + " as bytes; dataset.trainLimit and testLimit keep fewer)",
                    e);
        }
    }

    private static LabeledImages limited(LabeledImages images, Integer limit) {
        return limit == null ? images : images.first(limit);
    }
}
