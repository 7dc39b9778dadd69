package dev.samlab.datasets;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.data.Augmentation;

/** The augmentation keys image datasets share: a master switch and the three transforms. */
public final class AugmentationOptions {

    private AugmentationOptions() {}

    /** Validates the keys and builds the augmentation they describe. */
    public static Augmentation of(boolean augment, int crop, boolean flip, int cutout) {
        check(crop >= 0, "crop", "must be >= 0 (pixels of padding before the random crop), got " + crop);
        check(cutout >= 0, "cutout", "must be >= 0 (side of the square cut out), got " + cutout);
        return augment ? new Augmentation(crop, flip, cutout) : Augmentation.NONE;
    }
}
