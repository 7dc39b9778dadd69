package dev.samlab.datasets.idx;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.DatasetConfig;
import dev.samlab.datasets.AugmentationOptions;

/**
 * MNIST or Fashion-MNIST in LeCun's IDX format. Nothing is downloaded: the four files must be on disk.
 *
 * @param root       a folder holding the IDX files (plain or {@code .gz}), or its {@code mnist/} or
 *                   {@code fashion-mnist/} subfolder, searched first
 * @param augment    augment training images (default true); false turns crop, flip and cutout off
 * @param crop       zero padding before the random 28x28 crop (default 0: the usual MNIST practice is none)
 * @param flip       random horizontal flips (default false: a mirrored digit is another glyph)
 * @param cutout     side of a random square set to zero (default 0: none)
 * @param trainLimit use only the first N training images
 * @param testLimit  use only the first N test images
 */
public record IdxConfig(
        String root, Boolean augment, Integer crop, Boolean flip, Integer cutout, Integer trainLimit, Integer testLimit)
        implements DatasetConfig {

    public IdxConfig {
        augment = augment == null || augment;
        crop = crop == null ? 0 : crop;
        flip = flip != null && flip;
        cutout = cutout == null ? 0 : cutout;
        AugmentationOptions.of(augment, crop, flip, cutout);
    }

    Augmentation augmentation() {
        return AugmentationOptions.of(augment, crop, flip, cutout);
    }
}
