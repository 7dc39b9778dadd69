package dev.samlab.datasets.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.DatasetProvider;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxTest {

    @TempDir
    Path scratch;

    private static MnistConfig root(Path root) {
        return new MnistConfig(root.toString(), null, null, null, null, null, null, null);
    }

    private Path fullFolder(boolean gzip) throws IOException {
        Path folder = Files.createDirectories(scratch.resolve(gzip ? "gz" : "plain"));
        IdxFiles.writeSplit(folder, "train", 0, 30, gzip);
        IdxFiles.writeSplit(folder, "t10k", 100, 10, gzip);
        return folder;
    }

    private static Dataset mnist(Path root) {
        return new MnistProvider().create(root(root), new DataContext(List.of(), root.resolve("no-cache")));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsCountsLabelsAndEveryPixelPlainOrGzipped(boolean gzip) throws IOException {
        Dataset mnist = mnist(fullFolder(gzip));

        LabeledImages train = mnist.load(Split.TRAIN);
        LabeledImages test = mnist.load(Split.TEST);

        assertThat(mnist.shape()).isEqualTo(new ImageShape(1, 28, 28));
        assertThat(train.size()).isEqualTo(30);
        assertThat(test.size()).isEqualTo(10);
        assertThat(train.labels()).containsExactly(labels(0, 30));
        assertThat(test.labels()).containsExactly(labels(100, 10));
        assertThat(Arrays.copyOfRange(test.pixels(), 3 * 784, 4 * 784))
                .as("image 3 of the test split, byte for byte")
                .containsExactly(Arrays.copyOfRange(IdxFiles.images(103, 1), 16, 16 + 784));
        for (int[] yx : new int[][] {{0, 0}, {0, 27}, {27, 0}, {13, 20}, {27, 27}}) {
            assertThat(train.pixel(29, 0, yx[0], yx[1])).isEqualTo(IdxFiles.pixel(29, yx[0], yx[1]));
        }
    }

    private static int[] labels(int first, int count) {
        return IntStream.range(first, first + count).map(IdxFiles::label).toArray();
    }

    @Test
    void classNamesAndNoAugmentationByDefault() throws IOException {
        Path folder = fullFolder(false);
        Dataset mnist = mnist(folder);
        Dataset fashion = new FashionMnistProvider()
                .create(
                        new FashionMnistConfig(folder.toString(), null, null, null, null, null, null, null),
                        new DataContext(List.of(), folder));

        assertThat(mnist.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(fashion.classNames())
                .containsExactly(
                        "T-shirt/top",
                        "Trouser",
                        "Pullover",
                        "Dress",
                        "Coat",
                        "Sandal",
                        "Shirt",
                        "Sneaker",
                        "Bag",
                        "Ankle boot");
        assertThat(mnist.augmentation()).isEqualTo(new Augmentation(0, false, 0));
        assertThat(new MnistConfig(null, null, 2, null, null, null, null, null).augmentation())
                .isEqualTo(new Augmentation(2, false, 0));
        assertThatThrownBy(() -> new FashionMnistConfig(null, null, -1, null, null, null, null, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("crop");
    }

    @Test
    void bothAreRegisteredPluginsWithARecordEach() {
        assertThat(ServiceLoader.load(DatasetProvider.class).stream()
                        .map(p -> p.get().name()))
                .contains("mnist", "fashion-mnist");
        // the runner refuses two plugins bound to one config record
        assertThat(new MnistProvider().configType()).isNotEqualTo(new FashionMnistProvider().configType());
    }

    @Test
    void dataFoldersHoldEachDatasetInItsOwnSubfolder() throws IOException {
        Path data = scratch.resolve("data");
        IdxFiles.writeSplit(Files.createDirectories(data.resolve("fashion-mnist")), "train", 0, 30, true);
        IdxFiles.writeSplit(data.resolve("fashion-mnist"), "t10k", 100, 10, true);
        DataContext context = new DataContext(List.of(data), scratch.resolve("cache"));
        FashionMnistConfig noRoot = new FashionMnistConfig(null, null, null, null, null, null, null, null);

        assertThat(new FashionMnistProvider()
                        .create(noRoot, context)
                        .load(Split.TEST)
                        .size())
                .isEqualTo(10);
        assertThatThrownBy(() -> new MnistProvider()
                        .create(new MnistConfig(null, null, null, null, null, null, null, null), context))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(data.resolve("mnist").toString())
                .hasMessageContaining("t10k-labels-idx1-ubyte")
                .hasMessageContaining("SamLab does not download mnist: get train-images-idx3-ubyte")
                .hasMessageContaining("http://yann.lecun.com/exdb/mnist/");
    }

    @Test
    void trainAndTestLimitsAreOptionsTheRunnerApplies() {
        IdxConfig config = new MnistConfig(null, null, null, null, null, 12, 5, null);

        assertThat(config.trainLimit()).isEqualTo(12);
        assertThat(config.testLimit()).isEqualTo(5);
    }

    private Path damagedTrainImages(byte[] bytes) throws IOException {
        Path folder = fullFolder(false);
        Files.write(folder.resolve("train-images-idx3-ubyte"), bytes);
        return folder;
    }

    @Test
    void aWrongMagicNumberNamesTheFile() throws IOException {
        byte[] images = IdxFiles.images(0, 30);
        images[3] = 0x01; // 0x801, a labels file's magic
        Path folder = damagedTrainImages(images);

        assertThatThrownBy(() -> mnist(folder).load(Split.TRAIN))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(folder.resolve("train-images-idx3-ubyte").toString())
                .hasMessageContaining("magic number 0x00000801, expected 0x00000803");
    }

    @Test
    void aTruncatedFileNamesTheFile() throws IOException {
        byte[] images = IdxFiles.images(0, 30);
        Path folder = damagedTrainImages(Arrays.copyOf(images, images.length - 100));

        assertThatThrownBy(() -> mnist(folder).load(Split.TRAIN))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(folder.resolve("train-images-idx3-ubyte").toString())
                .hasMessageContaining("the file is truncated");
    }

    @Test
    void aTruncatedGzipNamesTheFile() throws IOException {
        Path folder = fullFolder(true);
        Path labels = folder.resolve("t10k-labels-idx1-ubyte.gz");
        byte[] zipped = Files.readAllBytes(labels);
        Files.write(labels, Arrays.copyOf(zipped, zipped.length / 2));

        assertThatThrownBy(() -> mnist(folder).load(Split.TEST))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("not a readable gzip file");
    }

    @Test
    void imagesAndLabelsThatDisagreeOnTheCountNameBothFiles() throws IOException {
        Path folder = fullFolder(false);
        IdxFiles.write(folder.resolve("train-labels-idx1-ubyte"), IdxFiles.labels(0, 29), false);

        assertThatThrownBy(() -> mnist(folder).load(Split.TRAIN))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(folder.resolve("train-labels-idx1-ubyte") + ": holds 29 labels but "
                        + folder.resolve("train-images-idx3-ubyte") + " holds 30 images");
    }

    @Test
    void aLabelOfTenNamesTheFileAndTheItem() throws IOException {
        Path folder = fullFolder(false);
        byte[] labels = IdxFiles.labels(100, 10);
        labels[8 + 4] = 10;
        IdxFiles.write(folder.resolve("t10k-labels-idx1-ubyte"), labels, false);

        assertThatThrownBy(() -> mnist(folder).load(Split.TEST))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(folder.resolve("t10k-labels-idx1-ubyte") + ": label 4 is 10, expected 0-9");
    }

    @Test
    void imagesOfAnotherSizeAreAnError() throws IOException {
        byte[] images = IdxFiles.images(0, 30);
        ByteBuffer.wrap(images).putInt(8, 32).putInt(12, 32);
        Path folder = damagedTrainImages(images);

        assertThatThrownBy(() -> mnist(folder).load(Split.TRAIN))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(folder.resolve("train-images-idx3-ubyte") + ": images are 32x32, expected 28x28");
    }
}
