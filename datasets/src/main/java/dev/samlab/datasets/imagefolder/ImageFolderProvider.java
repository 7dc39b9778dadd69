package dev.samlab.datasets.imagefolder;

import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.DatasetProvider;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import dev.samlab.datasets.ImageDataset;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dataset: { name: imagefolder, root: /data/flowers, size: [64, 64] }}: PNG and JPEG files in one folder
 * per class, torchvision's {@code ImageFolder} layout (see {@link ImageFolderConfig} for the keys and
 * {@link ImageFolderIndex} for which files count). Building the dataset lists the files and reads every header, so
 * that a missing folder, an unreadable file or images of different sizes are reported before a run starts; the pixels
 * are decoded when a split is loaded, only as many as {@code trainLimit} and {@code testLimit} keep. Unless
 * {@code cache: false}, the decoded images are kept in a file in the data cache ({@link ImageFolderCache}); a later
 * run on the same files with the same settings reads that instead of the images' headers and pixels. The runner
 * normalizes with the channel statistics of the training images it uses, as for every dataset.
 */
public final class ImageFolderProvider implements DatasetProvider<ImageFolderConfig> {

    /** Within the data cache: where {@link ImageFolderCache} keeps decoded images. */
    static final String CACHE_FOLDER = "imagefolder";

    @Override
    public String name() {
        return "imagefolder";
    }

    @Override
    public String description() {
        return "PNG and JPEG images in one folder per class (torchvision's ImageFolder layout), split by train/ and"
                + " test/ folders or by a seeded fraction of each class";
    }

    @Override
    public Class<ImageFolderConfig> configType() {
        return ImageFolderConfig.class;
    }

    @Override
    public Dataset create(ImageFolderConfig config, DataContext context) {
        Path root = locate(config.root(), context);
        try {
            ImageFolderIndex index = ImageFolderIndex.of(root, config.testFraction(), config.seed());
            ImageFolderCache cache = config.cache()
                    ? ImageFolderCache.of(context.cache().resolve(CACHE_FOLDER), root, config, index)
                    : null;
            ImageShape cached = cache == null ? null : cache.shape();
            ImageShape shape = cached != null
                    ? cached // the headers were read when it was written, and the files are as they were
                    : ImageFolderReader.shape(index.all(), config.resize(), config.grayscale());
            return new ImageDataset(
                    index.classNames(), shape, config.augmentation(), new Splits(config, index, shape, cache));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Hands over each split: from the cache file when it holds them, else decoded. Decoding one split decodes the
     * other too, to cache both in one file; the other is kept until it is asked for.
     */
    private static final class Splits implements ImageDataset.SplitSource {

        private final ImageFolderConfig config;
        private final ImageFolderIndex index;
        private final ImageShape shape;
        private final ImageFolderCache cache; // null: not cached
        private final Map<Split, LabeledImages> decoded = new EnumMap<>(Split.class);

        Splits(ImageFolderConfig config, ImageFolderIndex index, ImageShape shape, ImageFolderCache cache) {
            this.config = config;
            this.index = index;
            this.shape = shape;
            this.cache = cache;
        }

        @Override
        public synchronized LabeledImages load(Split split) throws IOException {
            LabeledImages images = decoded.remove(split);
            if (images == null && cache != null) {
                images = cache.read(split, shape);
            }
            if (images != null) {
                return images;
            }
            images = decode(split);
            if (cache != null) {
                Split other = split == Split.TEST ? Split.TRAIN : Split.TEST;
                LabeledImages otherImages;
                try {
                    otherImages = decode(other);
                } catch (IOException e) {
                    return images; // not cached: the other split's problem is reported when it is loaded
                }
                decoded.put(other, otherImages);
                cache.write(split == Split.TRAIN ? images : otherImages, split == Split.TRAIN ? otherImages : images);
            }
            return images;
        }

        /** The runner keeps the first {@code limit} images itself; only those are decoded. */
        private LabeledImages decode(Split split) throws IOException {
            List<ImageFolderIndex.Entry> images = index.entries(split);
            Integer limit = split == Split.TEST ? config.testLimit() : config.trainLimit();
            return ImageFolderReader.read(
                    limit == null ? images : images.subList(0, Math.min(limit, images.size())), shape);
        }
    }

    /** {@code root} as given (relative to the working directory), else within a search folder, else the cache. */
    static Path locate(String root, DataContext context) {
        Path given = Path.of(root);
        List<Path> candidates = new ArrayList<>(List.of(given));
        if (!given.isAbsolute()) {
            context.folders().forEach(folder -> candidates.add(folder.resolve(given)));
        }
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new UncheckedIOException(new FileNotFoundException("imagefolder: root " + root
                + " is none of the folders " + candidates + "; point dataset.root at the folder holding one"
                + " subfolder of images per class (root/<class>/*.png or .jpg), or train/ and test/ folders that"
                + " each hold them, or put that folder in one of SAMLAB_DATA's"));
    }
}
