package dev.samlab.datasets.imagefolder;

import static dev.samlab.datasets.imagefolder.ImageFolderFiles.gray;
import static dev.samlab.datasets.imagefolder.ImageFolderFiles.rgb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.DatasetProvider;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir
    Path scratch;

    private static ImageFolderConfig config(
            Path root, Double testFraction, Long seed, Object size, Boolean grayscale, Integer trainLimit) {
        return new ImageFolderConfig(
                root.toString(),
                testFraction,
                seed,
                size,
                grayscale,
                null,
                null,
                null,
                null,
                trainLimit,
                null,
                null,
                null);
    }

    private static ImageFolderConfig config(Path root) {
        return config(root, null, null, null, null, null);
    }

    private Dataset dataset(ImageFolderConfig config) {
        return new ImageFolderProvider().create(config, new DataContext(List.of(), scratch.resolve("cache")));
    }

    /** Each image as {@code "label: [values]"}, sorted: a split's contents whatever their order. */
    private static List<String> contents(LabeledImages images) {
        return IntStream.range(0, images.size())
                .mapToObj(i -> images.labels()[i] + ": " + Arrays.toString(values(images, i)))
                .sorted()
                .toList();
    }

    private static int[] values(LabeledImages images, int i) {
        int size = images.shape().size();
        return IntStream.range(0, size)
                .map(v -> images.pixels()[i * size + v] & 0xFF)
                .toArray();
    }

    private static List<String> contents(String... images) {
        return Stream.of(images).sorted().toList();
    }

    private static List<String> both(Dataset dataset) throws IOException {
        List<String> all = new ArrayList<>(contents(dataset.load(Split.TRAIN)));
        all.addAll(contents(dataset.load(Split.TEST)));
        return all.stream().sorted().toList();
    }

    private static long count(LabeledImages images, int label) {
        return Arrays.stream(images.labels()).filter(l -> l == label).count();
    }

    private static void garbage(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not an image", StandardCharsets.UTF_8);
    }

    @Test
    void classesAreTheFolderNamesInStringOrderAndOnlyVisibleImagesCount() throws IOException {
        Path root = scratch.resolve("root");
        String[] classes = {"b", "a", "C"};
        int[] shades = {230, 130, 30}; // by class, as written
        for (int c = 0; c < classes.length; c++) {
            int shade = shades[c];
            for (int n = 0; n < 5; n++) {
                gray(root.resolve(classes[c]).resolve(n + ".png"), 4, 4, (y, x) -> shade);
            }
        }
        gray(root.resolve("b/nested/deeper.png"), 4, 4, (y, x) -> 230); // images in subfolders count, as torchvision's
        ImageFolderFiles.grayJpeg(root.resolve("a/IMG_0001.JPEG"), 4, 4, (y, x) -> 130); // any case of extension
        gray(root.resolve(".hidden/0.png"), 4, 4, (y, x) -> 0); // a hidden folder is no class
        garbage(root.resolve("a/.DS_Store"));
        garbage(root.resolve("a/._0.png")); // macOS's resource forks: hidden, never read
        garbage(root.resolve("b/.thumbnails/0.png"));
        garbage(root.resolve("a/notes.txt"));
        garbage(root.resolve("a/scan.tiff"));
        garbage(root.resolve("readme.md"));

        Dataset dataset = dataset(config(root));
        LabeledImages train = dataset.load(Split.TRAIN);
        LabeledImages test = dataset.load(Split.TEST);

        assertThat(dataset.classNames()).containsExactly("C", "a", "b");
        assertThat(dataset.shape()).isEqualTo(new ImageShape(1, 4, 4));
        int[] shadeOfLabel = {30, 130, 230};
        for (LabeledImages split : List.of(train, test)) {
            for (int i = 0; i < split.size(); i++) {
                assertThat(split.pixel(i, 0, 2, 3))
                        .as("image %d of label %d", i, split.labels()[i])
                        .isCloseTo(shadeOfLabel[split.labels()[i]], within(2));
            }
        }
        // 5, 6 and 6 images: 20 % of each, rounded, is held out
        assertThat(IntStream.range(0, 3).mapToLong(l -> count(train, l))).containsExactly(4L, 5L, 5L);
        assertThat(IntStream.range(0, 3).mapToLong(l -> count(test, l))).containsExactly(1L, 1L, 1L);
    }

    @Test
    void grayImagesGiveOneChannelWithTheValuesAsStoredAndTrainAndTestFoldersAreTheSplit() throws IOException {
        Path root = scratch.resolve("split");
        gray(root.resolve("train/x/0.png"), 3, 5, (y, x) -> y * 10 + x);
        gray(root.resolve("train/x/1.png"), 3, 5, (y, x) -> 250 - y * 10 - x);
        ImageFolderFiles.gray16(
                root.resolve("train/y/0.png"),
                3,
                5,
                (y, x) -> 256 * (100 + y * 10 + x) + 128); // (256 v + 128) / 257 rounds to v
        gray(root.resolve("test/x/0.png"), 3, 5, (y, x) -> 128);
        gray(root.resolve("test/y/0.png"), 3, 5, (y, x) -> x == y ? 255 : 0);
        gray(root.resolve("val/z/0.png"), 9, 9, (y, x) -> 0); // neither train nor test: not read

        Dataset dataset = dataset(config(root));

        assertThat(dataset.classNames()).containsExactly("x", "y");
        assertThat(dataset.shape()).isEqualTo(new ImageShape(1, 3, 5));
        assertThat(contents(dataset.load(Split.TRAIN)))
                .isEqualTo(contents(
                        "0: [0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24]",
                        "0: [250, 249, 248, 247, 246, 240, 239, 238, 237, 236, 230, 229, 228, 227, 226]",
                        "1: [100, 101, 102, 103, 104, 110, 111, 112, 113, 114, 120, 121, 122, 123, 124]"));
        assertThat(contents(dataset.load(Split.TEST)))
                .isEqualTo(contents(
                        "0: [128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128]",
                        "1: [255, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 255, 0, 0]"));
    }

    @Test
    void blackAndWhitePngsReadAsAPaletteOfGraysCountAsGray() throws IOException {
        Path root = scratch.resolve("binary");
        for (String file : List.of("train/a/0.png", "train/b/0.png", "test/a/0.png", "test/b/0.png")) {
            BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY);
            image.setRGB(file.contains("/a/") ? 0 : 2, 0, 0xFFFFFF);
            Files.createDirectories(root.resolve(file).getParent());
            assertThat(ImageIO.write(image, "png", root.resolve(file).toFile())).isTrue();
        }
        gray(root.resolve("train/b/1.png"), 1, 3, (y, x) -> 100);

        Dataset dataset = dataset(config(root));

        assertThat(dataset.shape()).isEqualTo(new ImageShape(1, 1, 3));
        assertThat(contents(dataset.load(Split.TRAIN)))
                .isEqualTo(contents("0: [255, 0, 0]", "1: [0, 0, 255]", "1: [100, 100, 100]"));
    }

    @Test
    void colourImagesGiveTheRedGreenAndBluePlanesInTurnWithoutTheirAlpha() throws IOException {
        Path root = scratch.resolve("colour");
        ImageFolderFiles.rgb(root.resolve("train/a/0.png"), 2, 3, (y, x) -> rgb(10 + x, 100 + y, 200));
        ImageFolderFiles.argb(root.resolve("train/b/0.png"), 2, 3, (y, x) -> 0x80 << 24 | rgb(1, 2, 3 + x));
        ImageFolderFiles.rgb(root.resolve("test/a/0.png"), 2, 3, (y, x) -> rgb(255, 0, 0));
        ImageFolderFiles.rgb(root.resolve("test/b/0.png"), 2, 3, (y, x) -> rgb(0, 0, 0));

        Dataset dataset = dataset(config(root));

        assertThat(dataset.shape()).isEqualTo(new ImageShape(3, 2, 3));
        assertThat(contents(dataset.load(Split.TRAIN)))
                .isEqualTo(contents(
                        "0: [10, 11, 12, 10, 11, 12, 100, 100, 100, 101, 101, 101, 200, 200, 200, 200, 200, 200]",
                        "1: [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 4, 5, 3, 4, 5]"));
        assertThat(contents(dataset.load(Split.TEST)))
                .isEqualTo(contents(
                        "0: [255, 255, 255, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]",
                        "1: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]"));
    }

    private Path grayAndColour() throws IOException {
        Path root = scratch.resolve("mixed");
        gray(root.resolve("train/gray/0.png"), 1, 2, (y, x) -> 77);
        ImageFolderFiles.rgb(root.resolve("train/colour/0.png"), 1, 2, (y, x) -> rgb(200, 100, 50));
        gray(root.resolve("test/gray/0.png"), 1, 2, (y, x) -> 78);
        ImageFolderFiles.rgb(root.resolve("test/colour/0.png"), 1, 2, (y, x) -> rgb(0, 255, 0));
        return root;
    }

    @Test
    void grayAndColourTogetherGiveThreeChannelsUnlessGrayscaleIsAsked() throws IOException {
        Path root = grayAndColour();

        Dataset colour = dataset(config(root));
        Dataset gray = dataset(config(root, null, null, null, true, null));

        assertThat(colour.shape()).isEqualTo(new ImageShape(3, 1, 2));
        assertThat(colour.classNames()).containsExactly("colour", "gray");
        assertThat(contents(colour.load(Split.TRAIN)))
                .isEqualTo(contents("0: [200, 200, 100, 100, 50, 50]", "1: [77, 77, 77, 77, 77, 77]"));
        assertThat(gray.shape()).isEqualTo(new ImageShape(1, 1, 2));
        // luma: 0.299 * 200 + 0.587 * 100 + 0.114 * 50 = 124.2, and 0.587 * 255 = 149.7
        assertThat(contents(gray.load(Split.TRAIN))).isEqualTo(contents("0: [124, 124]", "1: [77, 77]"));
        assertThat(contents(gray.load(Split.TEST))).isEqualTo(contents("0: [150, 150]", "1: [78, 78]"));
    }

    @Test
    void grayscaleFalseRepeatsGrayImagesInThreeChannels() throws IOException {
        Path root = scratch.resolve("gray");
        gray(root.resolve("train/a/0.png"), 1, 2, (y, x) -> 5 + x);
        gray(root.resolve("train/b/0.png"), 1, 2, (y, x) -> 9);
        gray(root.resolve("test/a/0.png"), 1, 2, (y, x) -> 5);
        gray(root.resolve("test/b/0.png"), 1, 2, (y, x) -> 9);

        Dataset dataset = dataset(config(root, null, null, null, false, null));

        assertThat(dataset.shape()).isEqualTo(new ImageShape(3, 1, 2));
        assertThat(contents(dataset.load(Split.TRAIN)))
                .isEqualTo(contents("0: [5, 6, 5, 6, 5, 6]", "1: [9, 9, 9, 9, 9, 9]"));
    }

    @Test
    void sizeShrinksByAreaAveraging() throws IOException {
        Path root = scratch.resolve("shrink");
        int[][] blocks = {{10, 20, 0, 0}, {30, 40, 100, 100}, {200, 200, 1, 2}, {200, 200, 3, 6}};
        gray(root.resolve("train/a/0.png"), 4, 4, (y, x) -> blocks[y][x]);
        gray(root.resolve("train/b/0.png"), 6, 4, (y, x) -> 9);
        gray(root.resolve("test/a/0.png"), 2, 2, (y, x) -> 5 + 2 * y + x);
        gray(root.resolve("test/b/0.png"), 3, 3, (y, x) -> 30 * x);

        Dataset dataset = dataset(config(root, null, null, 2, null, null));

        assertThat(dataset.shape()).isEqualTo(new ImageShape(1, 2, 2));
        assertThat(contents(dataset.load(Split.TRAIN))).isEqualTo(contents("0: [25, 50, 200, 3]", "1: [9, 9, 9, 9]"));
        // 3 -> 2 columns: (0 + 30 / 2) / 1.5 = 10 and (30 / 2 + 60) / 1.5 = 50
        assertThat(contents(dataset.load(Split.TEST))).isEqualTo(contents("0: [5, 6, 7, 8]", "1: [10, 50, 10, 50]"));
    }

    @Test
    void sizeEnlargesBilinearlyAndTakesHeightThenWidth() throws IOException {
        Path root = scratch.resolve("enlarge");
        gray(root.resolve("train/a/0.png"), 1, 2, (y, x) -> 100 * x);
        gray(root.resolve("train/b/0.png"), 1, 4, (y, x) -> 1 + x);
        gray(root.resolve("test/a/0.png"), 2, 1, (y, x) -> 40 + 40 * y);
        gray(root.resolve("test/b/0.png"), 1, 1, (y, x) -> 7);

        Dataset dataset = dataset(config(root, null, null, List.of(1, 4), null, null));

        assertThat(dataset.shape()).isEqualTo(new ImageShape(1, 1, 4));
        // pixel centres 0.5, 1.5, 2.5, 3.5 of 4 fall at -0.25, 0.25, 0.75, 1.25 of 2: clamped at the edges
        assertThat(contents(dataset.load(Split.TRAIN))).isEqualTo(contents("0: [0, 25, 75, 100]", "1: [1, 2, 3, 4]"));
        assertThat(contents(dataset.load(Split.TEST))).isEqualTo(contents("0: [60, 60, 60, 60]", "1: [7, 7, 7, 7]"));
    }

    @Test
    void imagesOfAnotherSizeAreRefusedWithoutSizeNamingTheFileAndBothSizes() throws IOException {
        Path root = scratch.resolve("sizes");
        gray(root.resolve("a/0.png"), 4, 4, (y, x) -> 0);
        gray(root.resolve("a/1.png"), 4, 4, (y, x) -> 0);
        gray(root.resolve("b/0.png"), 4, 4, (y, x) -> 0);
        ImageFolderFiles.rgb(root.resolve("b/1.png"), 5, 3, (y, x) -> 0);

        assertThatThrownBy(() -> dataset(config(root)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(root.resolve("b/1.png") + ": 5x3 pixels (height x width), expected 4x4 as "
                        + root.resolve("a/0.png") + " is; set dataset.size: [height, width] (or size: N for N x N)"
                        + " to resize every image to one size");
        assertThat(dataset(config(root, null, null, List.of(5, 3), null, null)).shape())
                .isEqualTo(new ImageShape(3, 5, 3));
    }

    @Test
    void aFractionSplitIsSeededStratifiedAndKeepsEveryClassInBothSplits() throws IOException {
        Path root = scratch.resolve("fraction");
        int[] sizes = {10, 5, 2};
        List<String> written = new ArrayList<>();
        for (int c = 0; c < sizes.length; c++) {
            for (int n = 0; n < sizes[c]; n++) {
                int shade = 80 * c + 3 * n;
                gray(root.resolve("class" + c).resolve(n + ".png"), 1, 2, (y, x) -> shade);
                written.add(c + ": [" + shade + ", " + shade + "]");
            }
        }

        Dataset seven = dataset(config(root, null, 7L, null, null, null));
        LabeledImages train = seven.load(Split.TRAIN);
        LabeledImages test = seven.load(Split.TEST);
        Dataset sevenAgain = dataset(config(root, null, 7L, null, null, null));
        Dataset eight = dataset(config(root, null, 8L, null, null, null));
        Dataset half = dataset(config(root, 0.5, 7L, null, null, null));

        assertThat(both(seven)).isEqualTo(written.stream().sorted().toList());
        // 20 % of 10, 5 and 2 is 2, 1 and 0.4, the last kept at 1 so that every class is tested
        assertThat(IntStream.range(0, 3).mapToLong(l -> count(test, l))).containsExactly(2L, 1L, 1L);
        assertThat(IntStream.range(0, 3).mapToLong(l -> count(train, l))).containsExactly(8L, 4L, 1L);
        LabeledImages halfTest = half.load(Split.TEST);
        assertThat(IntStream.range(0, 3).mapToLong(l -> count(halfTest, l))).containsExactly(5L, 3L, 1L);
        LabeledImages trainAgain = sevenAgain.load(Split.TRAIN);
        assertThat(trainAgain.pixels()).isEqualTo(train.pixels());
        assertThat(trainAgain.labels()).isEqualTo(train.labels());
        assertThat(sevenAgain.load(Split.TEST).pixels()).isEqualTo(test.pixels());
        assertThat(contents(eight.load(Split.TEST))).isNotEqualTo(contents(test));
        // handed over in a seeded order, not class by class: the runner's limits and validation take a mix
        assertThat(Arrays.stream(train.labels()).limit(5).distinct().count()).isGreaterThan(1);
    }

    @Test
    void limitsKeepTheFirstImagesOfTheSeededOrderAndOnlyThoseAreDecoded() throws IOException {
        Path root = ImageFolderFiles.write(scratch.resolve("limited"), true);
        Dataset all = dataset(config(root));
        LabeledImages train = all.load(Split.TRAIN);

        LabeledImages limited = dataset(config(root, null, null, null, null, 5)).load(Split.TRAIN);

        assertThat(train.size()).isEqualTo(3 * 12 - 3 * 2);
        assertThat(limited.size()).isEqualTo(5);
        assertThat(limited.pixels()).isEqualTo(train.first(5).pixels());
        assertThat(limited.labels()).isEqualTo(train.first(5).labels());
        // a damaged training image after the first 5 is not read when the limit keeps 5
        int size = all.shape().size();
        Path unused = null;
        for (Path file : filesOf(root)) {
            byte[] image = ImageFolderReader.read(file, all.shape());
            int at = IntStream.range(0, train.size())
                    .filter(i -> Arrays.equals(image, Arrays.copyOfRange(train.pixels(), i * size, (i + 1) * size)))
                    .findFirst()
                    .orElse(-1);
            if (at >= 5) {
                unused = file;
                break;
            }
        }
        assertThat(unused).isNotNull();
        Path damaged = unused;
        truncate(damaged, 0.6);

        assertThat(dataset(config(root, null, null, null, null, 5))
                        .load(Split.TRAIN)
                        .pixels())
                .isEqualTo(limited.pixels());
        assertThatThrownBy(() -> dataset(config(root)).load(Split.TRAIN))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(damaged + ": not a readable PNG or JPEG image (");
    }

    private static List<Path> filesOf(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void truncate(Path file, double keep) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, (int) (bytes.length * keep)));
    }

    @Test
    void trainAndTestFoldersRefuseATestFractionAndDifferentClasses() throws IOException {
        Path root = scratch.resolve("folders");
        gray(root.resolve("train/a/0.png"), 2, 2, (y, x) -> 0);
        gray(root.resolve("train/b/0.png"), 2, 2, (y, x) -> 0);
        gray(root.resolve("test/a/0.png"), 2, 2, (y, x) -> 0);
        gray(root.resolve("test/c/0.png"), 2, 2, (y, x) -> 0);

        assertThatThrownBy(() -> dataset(config(root, 0.1, null, null, null, null)))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("testFraction"))
                .hasMessageContaining(root + " holds train/ and test/ folders, which already split it: remove"
                        + " testFraction, or point root at one of them to split that by a fraction");
        assertThatThrownBy(() -> dataset(config(root)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(root.resolve("test") + ": its class folders [a, c] differ from those of "
                        + root.resolve("train") + " [a, b] (missing from test/: [b]; not in train/: [c]); both"
                        + " splits need the same classes");
    }

    @Test
    void aFolderWithoutClassFoldersIsRefusedNamingIt() throws IOException {
        Path root = scratch.resolve("flat");
        gray(root.resolve("0.png"), 2, 2, (y, x) -> 0);
        gray(root.resolve(".git/0.png"), 2, 2, (y, x) -> 0);

        assertThatThrownBy(() -> dataset(config(root)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(root + ": no class folders; expected one subfolder of images per class"
                        + " (root/<class>/*.png, .jpg or .jpeg), or train/ and test/ folders that each hold them");
    }

    @Test
    void oneClassIsRefused() throws IOException {
        Path root = scratch.resolve("one");
        gray(root.resolve("only/0.png"), 2, 2, (y, x) -> 0);
        gray(root.resolve("only/1.png"), 2, 2, (y, x) -> 0);

        assertThatThrownBy(() -> dataset(config(root)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(root + ": one class folder (only); a classification dataset needs at least 2,"
                        + " one subfolder of images per class");
    }

    @Test
    void aClassFolderWithoutImagesIsRefusedNamingIt() throws IOException {
        Path root = scratch.resolve("empty");
        gray(root.resolve("a/0.png"), 2, 2, (y, x) -> 0);
        gray(root.resolve("a/1.png"), 2, 2, (y, x) -> 0);
        garbage(root.resolve("b/notes.txt"));
        garbage(root.resolve("b/.0.png"));

        assertThatThrownBy(() -> dataset(config(root)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(root.resolve("b") + ": no images in this class folder (expected .png, .jpg"
                        + " or .jpeg files; other files, and names starting with a dot, are skipped)");
    }

    @Test
    void aClassOfOneImageCannotBeSplitByAFraction() throws IOException {
        Path root = scratch.resolve("single");
        gray(root.resolve("a/0.png"), 2, 2, (y, x) -> 0);
        gray(root.resolve("a/1.png"), 2, 2, (y, x) -> 0);
        gray(root.resolve("b/0.png"), 2, 2, (y, x) -> 0);

        assertThatThrownBy(() -> dataset(config(root)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(root.resolve("b") + ": holds 1 image; splitting by testFraction puts every"
                        + " class in both splits, which needs at least 2 images per class");
    }

    @Test
    void aFileThatIsNoImageIsRefusedNamingIt() throws IOException {
        Path root = ImageFolderFiles.write(scratch.resolve("corrupt"), false);
        Path corrupt = root.resolve("dots/05.png");
        garbage(corrupt);

        assertThatThrownBy(() -> dataset(config(root)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(corrupt + ": not a readable PNG or JPEG image (");
    }

    @Test
    void truncatedPngsAndJpegsAreRefusedWhenReadNamingTheFile() throws IOException {
        Path root = scratch.resolve("truncated");
        for (String split : List.of("train", "test")) {
            for (String label : List.of("a", "b")) {
                ImageFolderFiles.jpeg(
                        root.resolve(split).resolve(label).resolve("0.jpg"), 64, 64, (y, x) -> rgb(4 * x, 4 * y, 77));
                ImageFolderFiles.rgb(
                        root.resolve(split).resolve(label).resolve("1.png"),
                        64,
                        64,
                        (y, x) -> rgb(4 * x, 4 * y, (x * y) % 256));
            }
        }
        Path jpeg = root.resolve("train/b/0.jpg");
        Path png = root.resolve("test/a/1.png");
        truncate(jpeg, 0.9); // ImageIO decodes it, gray where data is missing, and warns
        truncate(png, 0.6);

        Dataset dataset = dataset(config(root)); // the headers are whole

        assertThatThrownBy(() -> dataset.load(Split.TRAIN))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(jpeg + ": not a readable PNG or JPEG image (");
        assertThatThrownBy(() -> dataset.load(Split.TEST))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(png + ": not a readable PNG or JPEG image (");
    }

    @Test
    void aPngCutInItsLastChunkIsRefusedButBytesAfterItsEndAreNot() throws IOException {
        Path root = ImageFolderFiles.write(scratch.resolve("cut"), true);
        Path cut = root.resolve("bars/03.png");
        Path appended = root.resolve("dots/07.png");
        byte[] whole = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(whole, whole.length - 1)); // the pixels are all there, the IEND chunk is not
        Files.write(appended, "trailing data".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        assertThat(ImageFolderReader.decode(appended).getWidth()).isEqualTo(8);
        assertThatThrownBy(() -> ImageFolderReader.decode(cut))
                .isInstanceOf(IOException.class)
                .hasMessage(cut + ": not a readable PNG or JPEG image (the file is truncated: it has no IEND chunk,"
                        + " which ends every PNG)");
        Dataset dataset = dataset(config(root));
        assertThatThrownBy(() -> {
                    dataset.load(Split.TRAIN);
                    dataset.load(Split.TEST);
                })
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(cut + ": not a readable PNG or JPEG image (the file is truncated");
    }

    @Test
    void jpegsAreReadAsTheirColours() throws IOException {
        Path root = scratch.resolve("jpeg");
        int[][] colours = {{200, 100, 50}, {20, 150, 250}};
        for (String split : List.of("train", "test")) {
            for (int c = 0; c < 2; c++) {
                int[] colour = colours[c];
                ImageFolderFiles.jpeg(
                        root.resolve(split).resolve("c" + c).resolve("0.jpg"),
                        8,
                        8,
                        (y, x) -> rgb(colour[0], colour[1], colour[2]));
            }
        }

        Dataset dataset = dataset(config(root));
        LabeledImages train = dataset.load(Split.TRAIN);

        assertThat(dataset.shape()).isEqualTo(new ImageShape(3, 8, 8));
        for (int i = 0; i < train.size(); i++) {
            for (int c = 0; c < 3; c++) {
                assertThat(train.pixel(i, c, 3, 5))
                        .as("channel %d of an image of class %d", c, train.labels()[i])
                        .isCloseTo(colours[train.labels()[i]][c], within(3));
            }
        }
    }

    @Test
    void aRelativeRootIsLookedForInTheDataFoldersAndAMissingOneNamesWhereItLooked() throws IOException {
        Path data = scratch.resolve("data");
        ImageFolderFiles.write(data.resolve("shapes"), true);
        DataContext context = new DataContext(List.of(data), scratch.resolve("cache"));
        ImageFolderProvider provider = new ImageFolderProvider();

        Dataset shapes = provider.create(config(Path.of("shapes")), context);

        assertThat(shapes.classNames()).containsExactly("bars", "dots", "stripes");
        assertThat(shapes.shape()).isEqualTo(new ImageShape(1, 8, 8));
        assertThat(shapes.load(Split.TEST).size()).isEqualTo(3 * 2);
        assertThatThrownBy(() -> provider.create(config(Path.of("no-such-folder")), context))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("imagefolder: root no-such-folder is none of the folders [no-such-folder, "
                        + data.resolve("no-such-folder") + ", " + scratch.resolve("cache/no-such-folder") + "]")
                .hasMessageContaining("point dataset.root at the folder holding one subfolder of images per class");
    }

    @Test
    void aReadOnlyRootIsReadAndNothingIsWrittenToIt() throws IOException {
        Path root = ImageFolderFiles.write(scratch.resolve("readonly"), false);
        List<String> before = listing(root);
        List<Path> folders;
        try (Stream<Path> walk = Files.walk(root)) {
            folders = walk.filter(Files::isDirectory).toList();
        }
        Set<PosixFilePermission> readOnly = PosixFilePermissions.fromString("r-xr-xr-x");
        Set<PosixFilePermission> writable = PosixFilePermissions.fromString("rwxr-xr-x");
        try {
            for (Path folder : folders) {
                Files.setPosixFilePermissions(folder, readOnly);
            }
            Dataset dataset = dataset(config(root));

            assertThat(dataset.load(Split.TRAIN).size()).isEqualTo(30);
            assertThat(dataset.load(Split.TEST).size()).isEqualTo(6);
        } finally {
            for (Path folder : folders) {
                Files.setPosixFilePermissions(folder, writable);
            }
        }
        assertThat(listing(root)).isEqualTo(before);
    }

    private static List<String> listing(Path root) throws IOException {
        List<String> listing = new ArrayList<>();
        for (Path file : filesOf(root)) {
            listing.add(root.relativize(file) + " " + Files.size(file) + " " + Files.getLastModifiedTime(file));
        }
        return listing;
    }

    @Test
    void keysTakeTheirDefaultsAndBadValuesAreRefusedNamingTheKey() {
        ImageFolderConfig defaults = config(Path.of("x"));

        assertThat(defaults.seed()).isZero();
        assertThat(defaults.testFraction()).isNull();
        assertThat(defaults.size()).isNull();
        assertThat(defaults.grayscale()).isNull();
        assertThat(defaults.augmentation()).isEqualTo(Augmentation.NONE);
        assertThat(defaults.cache()).isTrue();
        assertThat(new ImageFolderConfig("x", null, null, null, null, null, 4, true, 8, null, null, null, null)
                        .augmentation())
                .isEqualTo(new Augmentation(4, true, 8));
        assertThat(new ImageFolderConfig("x", null, null, null, null, false, 4, true, 8, null, null, null, null)
                        .augmentation())
                .isEqualTo(Augmentation.NONE);
        assertThat(config(Path.of("x"), null, null, 32, null, null).size()).isEqualTo(List.of(32, 32));
        assertThat(config(Path.of("x"), null, null, List.of(24, 32), null, null).resize())
                .containsExactly(24, 32);
        assertThat(new ImageFolderConfig("x", null, null, null, null, null, null, null, null, 100, 10, null, null))
                .returns(100, ImageFolderConfig::trainLimit)
                .returns(10, ImageFolderConfig::testLimit);

        assertThatThrownBy(() -> new ImageFolderConfig(
                        null, null, null, null, null, null, null, null, null, null, null, null, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("root: missing: the folder holding one subfolder of images per class (root/<class>/*.png"
                        + " or .jpg), or train/ and test/ folders that each hold them");
        for (double fraction : new double[] {0, 1, -0.5, Double.NaN}) {
            assertThatThrownBy(() -> config(Path.of("x"), fraction, null, null, null, null))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessage("testFraction: must be between 0 and 1 exclusive (the share of each class's images"
                            + " held out for testing), got " + fraction);
        }
        for (Object size : List.of("32", 32.5, List.of(32), List.of(32, 32, 3), List.of("a", "b"))) {
            assertThatThrownBy(() -> config(Path.of("x"), null, null, size, null, null))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessage("size: expected a whole number N (N x N pixels) or [height, width], got "
                            + (size instanceof String ? "'" + size + "'" : size));
        }
        assertThatThrownBy(() -> config(Path.of("x"), null, null, List.of(0, 32), null, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("size: height and width must be >= 1, got [0, 32]");
        assertThatThrownBy(() -> config(Path.of("x"), null, null, 40_000, null, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("size: 40000x40000 is too large");
        assertThatThrownBy(() -> new ImageFolderConfig(
                        "x", null, null, null, null, null, -1, null, null, null, null, null, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("crop: ");
    }

    @Test
    void isARegisteredPluginWithItsOwnRecord() {
        List<String> names = new ArrayList<>();
        List<Class<?>> configTypes = new ArrayList<>();
        for (DatasetProvider<?> provider : ServiceLoader.load(DatasetProvider.class)) {
            names.add(provider.name());
            configTypes.add(provider.configType());
        }

        assertThat(names).containsOnlyOnce("imagefolder");
        assertThat(configTypes).containsOnlyOnce(ImageFolderConfig.class);
    }
}
