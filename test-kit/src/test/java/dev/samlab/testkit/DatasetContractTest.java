package dev.samlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.DatasetConfig;
import dev.samlab.api.data.DatasetProvider;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import dev.samlab.testkit.DatasetContract.Damage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset contract holds for correct datasets, and each of its checks fails a dataset that breaks it. */
class DatasetContractTest {

    private static final ImageShape SHAPE = new ImageShape(1, 2, 2);
    private static final List<String> NAMES = List.of("a", "b", "c");

    @TempDir
    Path scratch;

    /** A dataset held in memory. */
    private record Memory(List<String> classNames, ImageShape shape, Loader loader) implements Dataset {
        @Override
        public LabeledImages load(Split split) throws IOException {
            return loader.load(split);
        }

        @Override
        public Augmentation augmentation() {
            return Augmentation.NONE;
        }
    }

    @FunctionalInterface
    private interface Loader {
        LabeledImages load(Split split) throws IOException;
    }

    /** 12 training and 6 test images, image i of class label(i), its pixels a formula of i and the split. */
    private static LabeledImages images(Split split, ImageShape shape, IntUnaryOperator label) {
        int count = split == Split.TRAIN ? 12 : 6;
        byte[] pixels = new byte[count * shape.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7 + split.ordinal());
        }
        int[] labels = new int[count];
        Arrays.setAll(labels, label::applyAsInt);
        return new LabeledImages(shape, pixels, labels);
    }

    private static Supplier<Dataset> memory(Loader loader) {
        return () -> new Memory(NAMES, SHAPE, loader);
    }

    private static final Supplier<Dataset> MIXED = memory(split -> images(split, SHAPE, i -> i % 3));

    @Test
    void aDatasetWithClassesMixedKeepsTheContract() {
        DatasetContract.assertHolds(MIXED, 3);
    }

    @Test
    void shapesLabelsAndEmptySplitsAreChecked() {
        assertThatThrownBy(() -> DatasetContract.assertShapesAndLabels(
                        memory(split -> images(split, new ImageShape(1, 2, 3), i -> i % 3))
                                .get()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the shape of the TRAIN split's images against the dataset's shape()");
        assertThatThrownBy(() -> DatasetContract.assertShapesAndLabels(memory(
                                split -> images(split, SHAPE, i -> i == 5 ? 3 : i % 3))
                        .get()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("TRAIN split: image 5 has label 3, outside [0, 3)");
        assertThatThrownBy(() -> DatasetContract.assertShapesAndLabels(memory(split -> split == Split.TEST
                                ? new LabeledImages(SHAPE, new byte[0], new int[0])
                                : images(split, SHAPE, i -> i % 3))
                        .get()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("images in the TEST split");
        assertThatThrownBy(() -> DatasetContract.assertShapesAndLabels(
                        new Memory(List.of("a", "b", "a"), SHAPE, split -> images(split, SHAPE, i -> i % 3))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("class names");
    }

    @Test
    void aDatasetThatDrawsAfreshEachLoadIsNotDeterministic() {
        Supplier<Dataset> unseeded = memory(split -> {
            LabeledImages images = images(split, SHAPE, i -> i % 3);
            new Random().nextBytes(images.pixels());
            return images;
        });

        assertThatThrownBy(() -> DatasetContract.assertDeterministic(unseeded))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the TRAIN split loaded twice differs at image 0");
    }

    @Test
    void aDatasetSortedByClassLosesClassesToALimitAndSaysFromWhichLimitOn() throws IOException {
        Supplier<Dataset> sorted = memory(split -> images(split, SHAPE, i -> i * 3 / (split == Split.TRAIN ? 12 : 6)));

        assertThatThrownBy(() -> DatasetContract.assertLimitKeepsEveryClass(sorted.get(), Split.TRAIN, 6))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(
                        "a limit of 6 on the TRAIN split (the first 6 of its 12 images) drops classes [2]")
                .hasMessageContaining("no limit below 9 keeps them all");
        assertThatThrownBy(() -> DatasetContract.assertHolds(sorted, 3))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("drops classes [1, 2]");
        DatasetContract.assertHolds(sorted, 0); // documented: limits keep the files' order
        assertThat(DatasetContract.smallestLimitKeepingEveryClass(sorted.get().load(Split.TEST), 3))
                .isEqualTo(5);
        assertThat(DatasetContract.smallestLimitKeepingEveryClass(images(Split.TEST, SHAPE, i -> i % 2), 3))
                .isEqualTo(-1);
    }

    // A format of one file per split: a big-endian count, then per image a label byte and its pixels.

    /** How a reader treats a damaged file. */
    enum Reader {
        /** Checks the count, the length and the labels, naming the file. */
        CAREFUL,
        /** Reads past the end: a BufferUnderflowException. */
        CRASHES,
        /** Checks, but without naming the file. */
        NAMELESS,
        /** Reads the images that are there. */
        LENIENT
    }

    record FileConfig(String root, Reader reader, Integer trainLimit, Integer testLimit) implements DatasetConfig {}

    static final class FileProvider implements DatasetProvider<FileConfig> {
        @Override
        public String name() {
            return "files";
        }

        @Override
        public String description() {
            return "a test format";
        }

        @Override
        public Class<FileConfig> configType() {
            return FileConfig.class;
        }

        @Override
        public Dataset create(FileConfig config, DataContext context) {
            Path root = Path.of(config.root());
            return new Memory(NAMES, SHAPE, split -> read(root.resolve(file(split)), config.reader()));
        }
    }

    private static String file(Split split) {
        return split == Split.TRAIN ? "train.bin" : "test.bin";
    }

    private static LabeledImages read(Path file, Reader reader) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int record = 1 + SHAPE.size();
        String where = reader == Reader.NAMELESS ? "" : file + ": ";
        if (reader == Reader.LENIENT) {
            int count = Math.max(0, (bytes.length - 4) / record);
            return parse(
                    ByteBuffer.wrap(bytes, Math.min(4, bytes.length), bytes.length - Math.min(4, bytes.length)), count);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (reader == Reader.CRASHES) {
            return parse(buffer, buffer.getInt());
        }
        if (bytes.length < 4) {
            throw new IOException(where + "truncated: " + bytes.length + " bytes, less than the 4-byte header");
        }
        int count = buffer.getInt();
        if (count < 0 || bytes.length != 4 + (long) count * record) {
            throw new IOException(
                    where + count + " images need " + (4 + (long) count * record) + " bytes, found " + bytes.length);
        }
        LabeledImages images = parse(buffer, count);
        for (int i = 0; i < count; i++) {
            if (images.labels()[i] >= NAMES.size()) {
                throw new IOException(where + "label " + i + " is " + images.labels()[i]);
            }
        }
        return images;
    }

    private static LabeledImages parse(ByteBuffer buffer, int count) {
        byte[] pixels = new byte[count * SHAPE.size()];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = buffer.get() & 0xFF;
            buffer.get(pixels, i * SHAPE.size(), SHAPE.size());
        }
        return new LabeledImages(SHAPE, pixels, labels);
    }

    private Supplier<Dataset> files(Reader reader) throws IOException {
        for (Split split : Split.values()) {
            LabeledImages images = images(split, SHAPE, i -> i % 3);
            ByteBuffer bytes =
                    ByteBuffer.allocate(4 + images.size() * (1 + SHAPE.size())).putInt(images.size());
            for (int i = 0; i < images.size(); i++) {
                bytes.put((byte) images.labels()[i]).put(images.pixels(), i * SHAPE.size(), SHAPE.size());
            }
            Files.write(scratch.resolve(file(split)), bytes.array());
        }
        return DatasetContract.source(
                new FileProvider(),
                new FileConfig(scratch.toString(), reader, null, null),
                new DataContext(List.of(), scratch));
    }

    @Test
    void aCarefulReaderNamesTheFileWhateverTheDamageAndKeepsTheContract() throws IOException {
        Supplier<Dataset> careful = files(Reader.CAREFUL);

        DatasetContract.assertHolds(careful, 3);
        DatasetContract.assertErrorNamesFile(careful, Split.TRAIN, scratch.resolve("train.bin"));
        DatasetContract.assertErrorNamesFile(careful, Split.TEST, scratch.resolve("test.bin"), Damage.HALF);
        assertThat(careful.get().load(Split.TRAIN).labels()).hasSize(12); // the files are as they were
    }

    @Test
    void aReaderThatCrashesOmitsTheNameOrReadsWhatIsThereFails() throws IOException {
        Path train = scratch.resolve("train.bin");
        assertThatThrownBy(() -> DatasetContract.assertErrorNamesFile(files(Reader.CRASHES), Split.TRAIN, train))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("loading the TRAIN split with train.bin damaged (HALF) threw"
                        + " java.nio.BufferUnderflowException instead of an IOException naming the file");
        assertThatThrownBy(() -> DatasetContract.assertErrorNamesFile(files(Reader.NAMELESS), Split.TRAIN, train))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the error loading the TRAIN split with train.bin damaged (HALF) does not name"
                        + " the file: java.io.IOException: 12 images need 64 bytes, found 32");
        assertThatThrownBy(() -> DatasetContract.assertErrorNamesFile(
                        files(Reader.LENIENT), Split.TRAIN, train, Damage.ONE_BYTE_SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("loading the TRAIN split with train.bin damaged (ONE_BYTE_SHORT) succeeded");
        assertThat(Files.size(train)).as("the damaged file, restored").isEqualTo(4 + 12 * 5);
    }
}
