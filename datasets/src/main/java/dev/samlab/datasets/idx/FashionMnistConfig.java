package dev.samlab.datasets.idx;

import dev.samlab.api.data.LabelNoise;

/**
 * {@code dataset: { name: fashion-mnist }}: the keys are {@link IdxConfig}'s, plus
 * {@code trainLimit}, {@code testLimit} and {@code labelNoise} ({@link LabelNoise}).
 */
public record FashionMnistConfig(
        String root,
        Boolean augment,
        Integer crop,
        Boolean flip,
        Integer cutout,
        Integer trainLimit,
        Integer testLimit,
        LabelNoise labelNoise)
        implements IdxConfig {

    public FashionMnistConfig {
        IdxConfig.augmentation(augment, crop, flip, cutout); // rejects bad keys when the config is read
    }
}
