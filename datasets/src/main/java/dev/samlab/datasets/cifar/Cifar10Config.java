package dev.samlab.datasets.cifar;

import dev.samlab.api.data.DatasetConfig;

/**
 * CIFAR-10, binary version.
 *
 * @param root       a folder holding {@code cifar-10-batches-bin/} (or its files directly); when absent, the
 *                   folders of {@code SAMLAB_DATA} and then the cache are searched
 * @param augment    pad-4 random crop and horizontal flip of training images (default true)
 * @param trainLimit use only the first N training images
 * @param testLimit  use only the first N test images
 */
public record Cifar10Config(String root, Boolean augment, Integer trainLimit, Integer testLimit)
        implements DatasetConfig {

    public Cifar10Config {
        augment = augment == null || augment;
    }
}
