package org.example.csvimages;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.DatasetConfig;
import dev.samlab.api.data.LabelNoise;
import dev.samlab.api.data.DatasetProvider;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * {@code dataset: { name: my-csv, root: data/digits }}: images in {@code root/train.csv} and {@code root/test.csv},
 * one a line, the label first, then the pixel values 0-255 (Kaggle's MNIST {@code train.csv}; see {@link CsvFile}).
 *
 * <p>Creating the dataset reads both files: the image shape and the number of classes come from {@code train.csv},
 * and a bad line is better reported before anything trains. Images are handed over in the files' order, so limits
 * and {@code training.validation} take the first and the last lines: shuffle a file that is sorted by label.
 */
public final class CsvImagesProvider implements DatasetProvider<CsvImagesProvider.Config> {

    static final String NAME = "my-csv";
    static final String TRAIN = "train.csv";
    static final String TEST = "test.csv";
    static final String LAYOUTS = "hwc (the r, g, b of each pixel in turn, as a NumPy image flattened) or chw (all"
            + " red, then green, then blue, as a PyTorch tensor flattened)";

    /**
     * The {@code dataset} section. {@code trainLimit}, {@code testLimit} (the first N images of a split) and
     * {@code labelNoise} (training labels corrupted on purpose) are the runner's: declaring them is all it takes; the
     * other keys are this plugin's. A null component is a key not given: the defaults are filled in here,
     * so that the run's config.yaml shows them.
     *
     * @param root     the folder holding train.csv and test.csv (required); a relative one is looked for in the
     *                 working folder, then in each SAMLAB_DATA folder, then in the data cache
     * @param channels values per pixel (default 1, grayscale; 3 for RGB)
     * @param height   image height; default: from width, or a square when neither is given
     * @param width    image width; default: from height, or a square
     * @param layout   how a line orders the values of several channels: {@code hwc} (r, g, b of each pixel in turn:
     *                 a NumPy image flattened) or {@code chw} (all red, then green, then blue: a PyTorch tensor or
     *                 CIFAR flattened); required when channels &gt; 1
     * @param classes  the number of classes, labels 0 to classes - 1 (default: the largest label in train.csv + 1)
     * @param augment  augment training images (default true); false turns crop, flip and cutout off
     * @param crop     zero padding before the random crop back to size (default 0: none)
     * @param flip     random horizontal flips (default false: wrong for digits and letters)
     * @param cutout   side of a random square set to zero (default 0: none)
     */
    public record Config(
            String root,
            Integer channels,
            Integer height,
            Integer width,
            String layout,
            Integer classes,
            Boolean augment,
            Integer crop,
            Boolean flip,
            Integer cutout,
            Integer trainLimit,
            Integer testLimit,
            LabelNoise labelNoise)
            implements DatasetConfig {

        public Config {
            check(root != null && !root.isBlank(), "root", "missing: the folder holding " + TRAIN + " and " + TEST);
            channels = Objects.requireNonNullElse(channels, 1);
            check(channels >= 1, "channels", "must be >= 1 (1: grayscale, 3: RGB), got " + channels);
            check(height == null || height >= 1, "height", "must be >= 1, got " + height);
            check(width == null || width >= 1, "width", "must be >= 1, got " + width);
            layout = channels == 1 ? Objects.requireNonNullElse(layout, "chw") : layout; // alike with one channel
            check(layout != null, "layout", "missing: with " + channels + " channels, how a line orders them: "
                    + LAYOUTS);
            check(layout.equals("hwc") || layout.equals("chw"), "layout", "must be " + LAYOUTS + ", got " + layout);
            check(classes == null || classes >= 2, "classes", "must be >= 2, got " + classes);
            augment = augment == null || augment;
            crop = Objects.requireNonNullElse(crop, 0);
            flip = flip != null && flip;
            cutout = Objects.requireNonNullElse(cutout, 0);
            check(crop >= 0, "crop", "must be >= 0 (pixels of padding before the random crop), got " + crop);
            check(cutout >= 0, "cutout", "must be >= 0 (side of the square cut out), got " + cutout);
        }

        Augmentation augmentation() {
            return augment ? new Augmentation(crop, flip, cutout) : Augmentation.NONE;
        }
    }

    /** What {@link #create} returns: both splits, read. */
    private record CsvDataset(
            List<String> classNames, ImageShape shape, Augmentation augmentation, LabeledImages train,
            LabeledImages test)
            implements Dataset {

        @Override
        public LabeledImages load(Split split) {
            return split == Split.TRAIN ? train : test;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "images in " + TRAIN + " and " + TEST + ", one a line: the label, then the pixel values 0-255"
                + " (Kaggle's MNIST CSV), from the dataset template";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Dataset create(Config config, DataContext context) {
        Path folder = locate(config.root(), context);
        Path trainFile = folder.resolve(TRAIN);
        try {
            CsvFile train = CsvFile.read(
                    trainFile, -1, config.classes() == null ? Integer.MAX_VALUE : config.classes());
            ImageShape shape = shape(config, train.pixels(), trainFile);
            int classes = config.classes() != null
                    ? config.classes()
                    : IntStream.of(train.labels()).max().getAsInt() + 1;
            if (classes < 2) {
                throw new IOException(trainFile + ": every label is 0; a classifier needs at least 2 classes,"
                        + " labelled 0, 1, ...");
            }
            // test.csv must match what train.csv set: its lines are checked against the shape and the classes
            CsvFile test = CsvFile.read(folder.resolve(TEST), shape.size(), classes);
            boolean hwc = config.layout().equals("hwc");
            return new CsvDataset(
                    IntStream.range(0, classes).mapToObj(Integer::toString).toList(), // "0", "1", ...
                    shape,
                    config.augmentation(),
                    train.images(shape, hwc),
                    test.images(shape, hwc));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the runner prints its message, which names the file
        }
    }

    /** The image shape: the keys given, the rest worked out from the number of pixel values a line holds. */
    static ImageShape shape(Config config, int pixels, Path file) throws IOException {
        int channels = config.channels();
        Integer height = config.height();
        Integer width = config.width();
        if (height == null && width == null) {
            int side = (int) Math.round(Math.sqrt((double) pixels / channels));
            if (side * side * channels != pixels) {
                throw new IOException(file + ": " + pixels + " pixel values a line is not " + channels + " x N x N"
                        + " (channels x a square); set dataset.height and width, or channels. An extra column?"
                        + " pandas' to_csv writes the row index first unless index=False");
            }
            height = side;
            width = side;
        } else if (height == null) {
            height = (int) (pixels / ((long) channels * width));
        } else if (width == null) {
            width = (int) (pixels / ((long) channels * height));
        }
        if (height < 1 || width < 1 || (long) channels * height * width != pixels) {
            throw new IOException(file + ": " + pixels + " pixel values a line do not make images of dataset.channels"
                    + " x height x width = " + channels + " x " + Objects.toString(config.height(), "?") + " x "
                    + Objects.toString(config.width(), "?"));
        }
        return new ImageShape(channels, height, width);
    }

    /** {@code root} as given (a relative one in the working folder), else in each SAMLAB_DATA folder, the cache. */
    static Path locate(String root, DataContext context) {
        Path given = Path.of(root);
        List<Path> candidates = new ArrayList<>(List.of(given));
        if (!given.isAbsolute()) {
            context.folders().forEach(folder -> candidates.add(folder.resolve(given)));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve(TRAIN)) && Files.isRegularFile(candidate.resolve(TEST))) {
                return candidate;
            }
        }
        throw new UncheckedIOException(new FileNotFoundException(NAME + ": none of the folders " + candidates
                + " holds both " + TRAIN + " and " + TEST + "; point dataset.root at the folder holding them (one image"
                + " a line: the label, then the pixel values 0-255), or put that folder in one of SAMLAB_DATA's"));
    }
}
