package dev.samlab.runner.data;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.LabelNoise;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import dev.samlab.runner.config.ConfigException;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.io.HeapFullException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A run's splits as its config cuts them: the training images (first {@code trainLimit}, minus the last
 * {@code training.validation} held out), the validation images, the test images (first {@code testLimit}), and the
 * normalization computed from the training images alone. Training, evaluation and sharpness all use this cut. With
 * {@code dataset.labelNoise} the training and validation images carry the corrupted labels (a practitioner's
 * validation split is as noisy as the rest of their data) and the test images their true ones.
 *
 * @param validation       null when nothing is held out
 * @param cleanTrainLabels the true labels of {@code train} where label noise corrupted them, else null
 * @param labelNoise       what the noise changed, where there is any
 */
public record TrainingData(
        LabeledImages train,
        LabeledImages validation,
        LabeledImages test,
        ChannelNormalization normalization,
        int[] cleanTrainLabels,
        Optional<LabelNoiseCount> labelNoise) {

    public static TrainingData of(Dataset dataset, RunConfig config) throws IOException {
        LabeledImages available =
                limited(load(dataset, Split.TRAIN), config.dataset().trainLimit());
        int held = config.training().validation();
        if (held >= available.size()) {
            throw new ConfigException(
                    "training.validation",
                    "holds out " + held + " of the " + available.size() + " training images, leaving none to train on");
        }
        int trained = available.size() - held;
        LabelNoise noise = config.dataset().labelNoise();
        LabeledImages labelled = noise == null
                ? available
                : new LabeledImages(
                        available.shape(),
                        available.pixels(),
                        LabelCorruption.corrupt(available.labels(), dataset.classNames(), noise));
        LabeledImages train = labelled.slice(0, trained);
        LabeledImages validation = held == 0 ? null : labelled.slice(trained, available.size());
        LabeledImages test = limited(load(dataset, Split.TEST), config.dataset().testLimit());
        Optional<LabelNoiseCount> count = Optional.ofNullable(noise)
                .map(n -> new LabelNoiseCount(
                        n.fraction(),
                        n.kind(),
                        n.seed(),
                        differences(available.labels(), labelled.labels(), 0, trained),
                        trained,
                        differences(available.labels(), labelled.labels(), trained, available.size()),
                        held));
        return new TrainingData(
                train,
                validation,
                test,
                ChannelNormalization.of(train),
                noise == null ? null : Arrays.copyOfRange(available.labels(), 0, trained),
                count);
    }

    /** The training batches, with their clean labels where the noise corrupted them. */
    public Batches trainingBatches(int classes, Augmentation augmentation, double labelSmoothing) {
        Batches batches = new Batches(train, classes, normalization, augmentation, labelSmoothing);
        return cleanTrainLabels == null ? batches : batches.withCleanLabels(cleanTrainLabels);
    }

    private static int differences(int[] a, int[] b, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            count += a[i] != b[i] ? 1 : 0;
        }
        return count;
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
