package dev.samlab.datasets.idx;

import dev.samlab.api.data.LabelNoise;

/**
 * {@code dataset: { name: mnist }}: the keys are {@link IdxConfig}'s, plus
 * {@code trainLimit}, {@code testLimit} and {@code labelNoise} ({@link LabelNoise}).
 */
public record MnistConfig(
        String root,
        Boolean augment,
        Integer crop,
        Boolean flip,
        Integer cutout,
        Integer trainLimit,
        Integer testLimit,
        LabelNoise labelNoise)
        implements IdxConfig {

    public MnistConfig {
        IdxConfig.augmentation(augment, crop, flip, cutout); // rejects bad keys when the config is read
    }
}
