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
import java.util.List;

/**
 * {@code dataset: { name: imagefolder, root: /data/flowers, size: [64, 64] }}: PNG and JPEG files in one folder
 * per class, torchvision's {@code ImageFolder} layout (see {@link ImageFolderConfig} for the keys and
 * {@link ImageFolderIndex} for which files count). Building the dataset lists the files and reads every header, so
 * that a missing folder, an unreadable file or images of different sizes are reported before a run starts; the pixels
 * are decoded when a split is loaded, only as many as {@code trainLimit} and {@code testLimit} keep. The runner
 * normalizes with the channel statistics of the training images it uses, as for every dataset.
 */
public final class ImageFolderProvider implements DatasetProvider<ImageFolderConfig> {

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
            ImageShape shape = ImageFolderReader.shape(index.all(), config.resize(), config.grayscale());
            return new ImageDataset(
                    index.classNames(),
                    shape,
                    config.augmentation(),
                    split -> read(index, shape, split, split == Split.TEST ? config.testLimit() : config.trainLimit()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The runner keeps the first {@code limit} images itself; only those are decoded. */
    private static LabeledImages read(ImageFolderIndex index, ImageShape shape, Split split, Integer limit)
            throws IOException {
        List<ImageFolderIndex.Entry> images = index.entries(split);
        return ImageFolderReader.read(
                limit == null ? images : images.subList(0, Math.min(limit, images.size())), shape);
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
