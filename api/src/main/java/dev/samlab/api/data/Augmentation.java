package dev.samlab.api.data;

/**
 * The label-preserving random transforms suited to a dataset, applied to training images only.
 *
 * @param padCrop        pad each side with this many zero pixels, then crop back to size at a random offset
 *                       (4 for CIFAR and SVHN); 0 for none
 * @param horizontalFlip mirror half of the images left-right (sensible for CIFAR objects, not for digits)
 * @param cutout         side of a square set to zero at a random centre in each image (DeVries and Taylor
 *                       2017; 16 for CIFAR-10); 0 for none
 */
public record Augmentation(int padCrop, boolean horizontalFlip, int cutout) {

    public static final Augmentation NONE = new Augmentation(0, false, 0);

    public Augmentation {
        if (padCrop < 0 || cutout < 0) {
            throw new IllegalArgumentException("padCrop and cutout must be >= 0, got " + padCrop + " and " + cutout);
        }
    }
}
