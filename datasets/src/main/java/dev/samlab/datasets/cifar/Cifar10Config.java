package dev.samlab.datasets.cifar;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.DatasetConfig;
import dev.samlab.api.data.LabelNoise;
import dev.samlab.datasets.AugmentationOptions;
import dev.samlab.datasets.fetch.RemoteFile;

/**
 * CIFAR-10, binary version.
 *
 * @param root       a folder holding {@code cifar-10-batches-bin/} (or its files), searched first
 * @param download   fetch the official archive into the cache when no folder has the files (default true)
 * @param mirror     a URL to download {@code cifar-10-binary.tar.gz} from instead of the official site
 * @param augment    augment training images (default true); false turns crop, flip and cutout off
 * @param crop       zero padding before the random 32x32 crop (default 4)
 * @param flip       random horizontal flips (default true)
 * @param cutout     side of a random square set to zero (default 0: none; 16 in DeVries and Taylor 2017)
 * @param trainLimit use only the first N training images
 * @param testLimit  use only the first N test images
 * @param labelNoise corrupt this share of the training labels on purpose ({@link LabelNoise}; default none)
 */
public record Cifar10Config(
        String root,
        Boolean download,
        String mirror,
        Boolean augment,
        Integer crop,
        Boolean flip,
        Integer cutout,
        Integer trainLimit,
        Integer testLimit,
        LabelNoise labelNoise)
        implements DatasetConfig {

    public Cifar10Config {
        download = download == null || download;
        augment = augment == null || augment;
        crop = crop == null ? 4 : crop;
        flip = flip == null || flip;
        cutout = cutout == null ? 0 : cutout;
        AugmentationOptions.of(augment, crop, flip, cutout);
        RemoteFile.checkMirror(mirror);
    }

    Augmentation augmentation() {
        return AugmentationOptions.of(augment, crop, flip, cutout);
    }
}
