package dev.samlab.datasets.idx;

/** {@code dataset: { name: fashion-mnist }}: the keys are {@link IdxConfig}'s, plus {@code trainLimit} and {@code testLimit}. */
public record FashionMnistConfig(
        String root, Boolean augment, Integer crop, Boolean flip, Integer cutout, Integer trainLimit, Integer testLimit)
        implements IdxConfig {

    public FashionMnistConfig {
        IdxConfig.augmentation(augment, crop, flip, cutout); // rejects bad keys when the config is read
    }
}
