package dev.samlab.api.data;

/**
 * The label-preserving random transforms suited to a dataset, applied to training images only.
 *
 * @param padCrop        pad each side with this many zero pixels, then crop back to size at a random offset
 *                       (4 for CIFAR); 0 for none
 * @param horizontalFlip mirror half of the images left-right (sensible for CIFAR objects, not for digits)
 */
public record Augmentation(int padCrop, boolean horizontalFlip) {

    public static final Augmentation NONE = new Augmentation(0, false);

    public Augmentation {
        if (padCrop < 0) {
            throw new IllegalArgumentException("padCrop must be >= 0, got " + padCrop);
        }
    }
}
