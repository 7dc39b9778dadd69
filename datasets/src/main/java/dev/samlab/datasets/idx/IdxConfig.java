package dev.samlab.datasets.idx;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.DatasetConfig;
import dev.samlab.datasets.AugmentationOptions;

/**
 * The keys MNIST and Fashion-MNIST share. Each dataset has its own record ({@link MnistConfig},
 * {@link FashionMnistConfig}) because the runner binds one config record to one plugin; the defaults live here
 * once.
 */
public interface IdxConfig extends DatasetConfig {

    /** A folder holding the IDX files, or its subfolder named after the dataset; searched first. */
    String root();

    /** Augment training images (default true); false turns crop, flip and cutout off. */
    Boolean augment();

    /** Zero padding before the random 28x28 crop (default 0: the usual MNIST practice is none). */
    Integer crop();

    /** Random horizontal flips (default false: a mirrored digit is another glyph). */
    Boolean flip();

    /** Side of a random square set to zero (default 0: none). */
    Integer cutout();

    default Augmentation augmentation() {
        return augmentation(augment(), crop(), flip(), cutout());
    }

    /** The augmentation the keys describe, null keys taking their defaults; throws when a key is invalid. */
    static Augmentation augmentation(Boolean augment, Integer crop, Boolean flip, Integer cutout) {
        return AugmentationOptions.of(
                augment == null || augment, crop == null ? 0 : crop, flip != null && flip, cutout == null ? 0 : cutout);
    }
}
