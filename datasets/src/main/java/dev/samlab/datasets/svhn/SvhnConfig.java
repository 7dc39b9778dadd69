package dev.samlab.datasets.svhn;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.DatasetConfig;
import dev.samlab.api.data.LabelNoise;
import dev.samlab.datasets.AugmentationOptions;
import dev.samlab.datasets.fetch.RemoteFile;

/**
 * SVHN, cropped digits (format 2: {@code train_32x32.mat}, {@code test_32x32.mat}, {@code extra_32x32.mat}).
 *
 * @param root       a folder holding the .mat files, searched first
 * @param download   fetch the official files into the cache when no folder has them (default true)
 * @param mirror     a URL to download the .mat files from instead of the official site
 * @param extra      train on train + extra (604,388 images, as the SAM paper) instead of train (73,257) (default false)
 * @param augment    augment training images (default true); false turns crop, flip and cutout off
 * @param crop       zero padding before the random 32x32 crop (default 4)
 * @param flip       random horizontal flips (default false: mirrored digits are other glyphs)
 * @param cutout     side of a random square set to zero (default 0: none)
 * @param trainLimit use only the first N training images
 * @param testLimit  use only the first N test images
 * @param labelNoise corrupt this share of the training labels on purpose ({@link LabelNoise}; default none)
 */
public record SvhnConfig(
        String root,
        Boolean download,
        String mirror,
        Boolean extra,
        Boolean augment,
        Integer crop,
        Boolean flip,
        Integer cutout,
        Integer trainLimit,
        Integer testLimit,
        LabelNoise labelNoise)
        implements DatasetConfig {

    public SvhnConfig {
        download = download == null || download;
        extra = extra != null && extra;
        augment = augment == null || augment;
        crop = crop == null ? 4 : crop;
        flip = flip != null && flip;
        cutout = cutout == null ? 0 : cutout;
        AugmentationOptions.of(augment, crop, flip, cutout);
        RemoteFile.checkMirror(mirror);
    }

    Augmentation augmentation() {
        return AugmentationOptions.of(augment, crop, flip, cutout);
    }
}
