package dev.samlab.api.data;

import static dev.samlab.api.InvalidConfigException.check;

import java.util.List;
import java.util.Map;

/**
 * Corrupts a dataset's training labels on purpose ({@code dataset.labelNoise}), to study how an optimizer copes
 * with wrong labels. The runner applies it to the training split (the images trained on and the validation split
 * held out from them alike); the test split stays clean. Which labels change, and to what, depends only on
 * {@code seed}, {@code fraction}, {@code kind}, the dataset's class names and each image's place in the training
 * split: never on the run's own seed, so every run of a comparison sees the same corrupted labels.
 *
 * @param fraction the probability that a training label is changed, in [0, 1)
 * @param kind     {@code symmetric} (default): a changed label becomes one of the <em>other</em> classes, drawn
 *                 uniformly: the "symmetry flipping" of Han et al. 2018 (Co-teaching, NeurIPS), whose transition
 *                 matrix keeps {@code 1 − fraction} on its diagonal (others, as Zhang et al. 2017, draw from all
 *                 classes, which changes only {@code fraction × (classes − 1) / classes} of the labels); {@code asymmetric}: a
 *                 label of a class in {@code map} becomes the class it maps to, as a careless annotator would
 *                 confuse them, and labels of other classes stay
 * @param seed     draws the corruption (default 0)
 * @param map      for {@code asymmetric}: class name to the class name it becomes; by default the map of
 *                 Patrini et al. 2017 for CIFAR-10's classes or for the digits 0-9 (see {@link #builtInMap})
 */
public record LabelNoise(Double fraction, String kind, Long seed, Map<String, String> map) {

    public static final String SYMMETRIC = "symmetric";
    public static final String ASYMMETRIC = "asymmetric";

    /** CIFAR-10's class names, in label order. */
    private static final List<String> CIFAR10 =
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    public LabelNoise {
        check(fraction != null, "fraction", "missing: the probability that a training label is changed, in [0, 1)");
        check(
                fraction >= 0 && fraction < 1,
                "fraction",
                "must be in [0, 1) (the probability that a training label is changed), got " + fraction);
        kind = kind == null ? SYMMETRIC : kind;
        check(
                kind.equals(SYMMETRIC) || kind.equals(ASYMMETRIC),
                "kind",
                "expected " + SYMMETRIC + " or " + ASYMMETRIC + ", got '" + kind + "'");
        seed = seed == null ? 0L : seed;
        check(map == null || kind.equals(ASYMMETRIC), "map", "only asymmetric noise has a class map");
        map = map == null ? null : Map.copyOf(map);
    }

    /**
     * The class map of asymmetric noise for a dataset of these classes: {@code map} if given, else the one Patrini et
     * al. 2017 (CVPR, "Making deep neural networks robust to label noise: a loss correction approach", section 6)
     * used: for CIFAR-10, truck→automobile, bird→airplane, deer→horse, cat↔dog; for digits, 2→7, 3→8, 5↔6, 7→1 (their
     * MNIST map, which SamLab applies to SVHN's digits too). Class names map to class names.
     *
     * @return empty when the classes have no built-in map and none was given
     */
    public Map<String, String> classMap(List<String> classNames) {
        if (map != null) {
            return map;
        }
        return builtInMap(classNames);
    }

    /** Patrini et al.'s map for CIFAR-10's classes or for digits; empty for any other classes. */
    public static Map<String, String> builtInMap(List<String> classNames) {
        if (classNames.equals(CIFAR10)) {
            return Map.of("truck", "automobile", "bird", "airplane", "deer", "horse", "cat", "dog", "dog", "cat");
        }
        if (classNames.equals(DIGITS)) {
            return Map.of("2", "7", "3", "8", "5", "6", "6", "5", "7", "1");
        }
        return Map.of();
    }
}
