package dev.samlab.datasets.imagefolder;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.DatasetConfig;
import dev.samlab.api.data.LabelNoise;
import dev.samlab.datasets.AugmentationOptions;
import java.util.List;

/**
 * Images in class folders, torchvision's {@code ImageFolder} layout: {@code root/<class>/*.png}.
 *
 * @param root         the folder holding one subfolder of images per class, or {@code train/} and {@code test/}
 *                     folders that each hold one subfolder per class, the same classes in both (other folders
 *                     beside them, such as {@code val/}, are not read) (required). A relative path is looked for in
 *                     the working directory, then in each {@code SAMLAB_DATA} folder, then in the cache
 * @param testFraction the share of each class's images held out as the test split, in (0, 1), when {@code root}
 *                     has no {@code train/} and {@code test/} folders (default 0.2); the number held out is rounded
 *                     and kept between 1 and all but one, so that every class is in both splits. Not accepted when
 *                     {@code root} has those folders: they are the split
 * @param seed         seeds which images {@code testFraction} holds out and the order each split is handed over in
 *                     (default 0); independent of the run's seed, so runs with different seeds see the same splits,
 *                     and {@code trainLimit}, {@code testLimit} and {@code training.validation} take the same images
 * @param size         {@code [height, width]}, or one whole number N for N x N: every image is resized to it
 *                     (shrunk by area averaging, enlarged bilinearly, the aspect ratio not kept, as torchvision's
 *                     {@code Resize((h, w))}). Without it (the default) every image must have the first image's
 *                     size, and one that does not is refused with its name and both sizes
 * @param grayscale    true: one channel (colour images become their luma, 0.299 R + 0.587 G + 0.114 B); false:
 *                     three channels (gray images repeated in each). Default: one channel when every image is stored
 *                     as grayscale (gray PNGs, one-channel JPEGs, PNGs whose palette is all grays), else three
 * @param augment      augment training images (default true); false turns crop, flip and cutout off
 * @param crop         zero padding before the random crop back to size (default 0: none)
 * @param flip         random horizontal flips (default false: right for photos of objects, wrong for text and
 *                     digits, so asked for rather than assumed)
 * @param cutout       side of a random square set to zero (default 0: none)
 * @param trainLimit   use only the first N training images (in the seeded order, so a mix of classes); only those
 *                     are decoded
 * @param testLimit    use only the first N test images; only those are decoded
 * @param cache        keep the decoded images of both splits in one file under the data cache's {@code imagefolder/}
 *                     folder, and read that instead of decoding the images again while the root, its images' paths,
 *                     sizes and modification times and the keys above that change what is decoded stay the same
 *                     (default true); false neither reads nor writes it. A cache file that cannot be read or written
 *                     is a warning, never an error
 * @param labelNoise   corrupt this share of the training labels on purpose ({@link LabelNoise}; default none)
 */
public record ImageFolderConfig(
        String root,
        Double testFraction,
        Long seed,
        Object size,
        Boolean grayscale,
        Boolean augment,
        Integer crop,
        Boolean flip,
        Integer cutout,
        Integer trainLimit,
        Integer testLimit,
        Boolean cache,
        LabelNoise labelNoise)
        implements DatasetConfig {

    /** Held out when {@code testFraction} is not given and the root has no {@code train/} and {@code test/}. */
    static final double DEFAULT_TEST_FRACTION = 0.2;

    /** One image's values are kept in one array, as all of a split's are. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    public ImageFolderConfig {
        check(
                root != null && !root.isBlank(),
                "root",
                "missing: the folder holding one subfolder of images per class (root/<class>/*.png or .jpg),"
                        + " or train/ and test/ folders that each hold them");
        check(
                testFraction == null || (testFraction > 0 && testFraction < 1),
                "testFraction",
                "must be between 0 and 1 exclusive (the share of each class's images held out for testing), got "
                        + testFraction);
        seed = seed == null ? 0L : seed;
        size = heightWidth(size);
        augment = augment == null || augment;
        crop = crop == null ? 0 : crop;
        flip = flip != null && flip;
        cutout = cutout == null ? 0 : cutout;
        cache = cache == null || cache;
        AugmentationOptions.of(augment, crop, flip, cutout);
    }

    /** {@code size} as {@code [height, width]}; null when not given. */
    private static List<Integer> heightWidth(Object size) {
        if (size == null) {
            return null;
        }
        List<Integer> heightWidth = null;
        if (size instanceof Integer side) {
            heightWidth = List.of(side, side);
        } else if (size instanceof List<?> list
                && list.size() == 2
                && list.get(0) instanceof Integer height
                && list.get(1) instanceof Integer width) {
            heightWidth = List.of(height, width);
        }
        if (heightWidth == null) {
            throw new InvalidConfigException(
                    "size",
                    "expected a whole number N (N x N pixels) or [height, width], got "
                            + (size instanceof String text ? "'" + text + "'" : size));
        }
        int height = heightWidth.get(0);
        int width = heightWidth.get(1);
        check(height >= 1 && width >= 1, "size", "height and width must be >= 1, got " + size);
        check(
                3L * height * width <= MAX_ARRAY,
                "size",
                height + "x" + width + " is too large: one image's 3 channels must fit in one array of 2 GiB");
        return heightWidth;
    }

    /** {@code [height, width]} to resize every image to, or null to keep each image's size. */
    int[] resize() {
        if (size == null) {
            return null;
        }
        List<?> heightWidth = (List<?>) size;
        return new int[] {(Integer) heightWidth.get(0), (Integer) heightWidth.get(1)};
    }

    Augmentation augmentation() {
        return AugmentationOptions.of(augment, crop, flip, cutout);
    }
}
