package dev.samlab.datasets.synthetic;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.data.DatasetConfig;
import dev.samlab.api.data.LabelNoise;

/**
 * A generated, CIFAR-shaped dataset: learnable, not linearly separable, identical for identical settings.
 *
 * @param trainSize  training images to generate (default 5000)
 * @param testSize   test images to generate (default 1000)
 * @param classes    number of classes (default 10)
 * @param noise      standard deviation of the per-pixel Gaussian noise, in pixel units (default 48)
 * @param seed       seed of the class patterns and of every image (default 2021); independent of the run's
 *                   seed, so runs with different seeds see the same data
 * @param trainLimit use only the first N training images
 * @param testLimit  use only the first N test images
 * @param labelNoise corrupt this share of the training labels on purpose ({@link LabelNoise}; default none)
 */
public record SyntheticConfig(
        Integer trainSize,
        Integer testSize,
        Integer classes,
        Double noise,
        Long seed,
        Integer trainLimit,
        Integer testLimit,
        LabelNoise labelNoise)
        implements DatasetConfig {

    /** A split's pixels are one byte array, which Java caps at 2 GiB. */
    private static final int MAX_IMAGES = (Integer.MAX_VALUE - 8) / SyntheticImages.SHAPE.size();

    private static final String SIZE_RANGE = String.format(
            "must be in [1, %,d] (a split's 32x32x3 images are kept in" + " one array of at most 2 GiB), got ",
            MAX_IMAGES);

    public SyntheticConfig {
        trainSize = trainSize == null ? 5000 : trainSize;
        testSize = testSize == null ? 1000 : testSize;
        classes = classes == null ? 10 : classes;
        noise = noise == null ? 48.0 : noise;
        seed = seed == null ? 2021L : seed;
        check(trainSize > 0 && trainSize <= MAX_IMAGES, "trainSize", SIZE_RANGE + trainSize);
        check(testSize > 0 && testSize <= MAX_IMAGES, "testSize", SIZE_RANGE + testSize);
        check(classes >= 2 && classes <= 1000, "classes", "must be in [2, 1000], got " + classes);
        check(noise >= 0, "noise", "must be >= 0, got " + noise);
    }
}
