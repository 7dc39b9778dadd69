package dev.samlab.datasets.idx;

/** {@code dataset: { name: mnist }}: the keys are {@link IdxConfig}'s, plus {@code trainLimit} and {@code testLimit}. */
public record MnistConfig(
        String root, Boolean augment, Integer crop, Boolean flip, Integer cutout, Integer trainLimit, Integer testLimit)
        implements IdxConfig {

    public MnistConfig {
        IdxConfig.augmentation(augment, crop, flip, cutout); // rejects bad keys when the config is read
    }
}
