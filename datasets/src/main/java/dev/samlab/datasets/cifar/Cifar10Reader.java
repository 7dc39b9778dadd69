package dev.samlab.datasets.cifar;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the binary version of CIFAR-10 ({@code cifar-10-batches-bin/}): each batch file holds exactly 10,000
 * records of one label byte (0-9) followed by 3,072 pixel bytes, the red, green and blue 32x32 planes in turn,
 * each row-major. That is already {@link LabeledImages}' layout, so pixels are copied as they are.
 */
final class Cifar10Reader {

    static final String FOLDER = "cifar-10-batches-bin";
    static final ImageShape SHAPE = new ImageShape(3, 32, 32);
    static final int RECORDS_PER_FILE = 10_000;
    static final int RECORD_BYTES = 1 + 3072;
    static final List<String> TRAIN_FILES =
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    static final List<String> TEST_FILES = List.of("test_batch.bin");
    static final String META_FILE = "batches.meta.txt";
    private static final List<String> CLASS_NAMES =
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private final Path folder;

    Cifar10Reader(Path folder) {
        this.folder = folder;
    }

    /** Whether {@code folder} has every batch file. */
    static boolean isComplete(Path folder) {
        return Stream.concat(TRAIN_FILES.stream(), TEST_FILES.stream())
                .allMatch(f -> Files.isRegularFile(folder.resolve(f)));
    }

    LabeledImages read(Split split) throws IOException {
        List<String> files = split == Split.TRAIN ? TRAIN_FILES : TEST_FILES;
        int count = files.size() * RECORDS_PER_FILE;
        byte[] pixels = new byte[count * SHAPE.size()];
        int[] labels = new int[count];
        int image = 0;
        for (String name : files) {
            Path file = folder.resolve(name);
            byte[] bytes = Files.readAllBytes(file);
            long expected = (long) RECORDS_PER_FILE * RECORD_BYTES;
            if (bytes.length != expected) {
                throw new IOException(file + ": expected " + expected + " bytes (" + RECORDS_PER_FILE
                        + " records of " + RECORD_BYTES + "), found " + bytes.length
                        + (bytes.length < expected ? ": the file is truncated" : ""));
            }
            for (int r = 0; r < RECORDS_PER_FILE; r++, image++) {
                int offset = r * RECORD_BYTES;
                int label = bytes[offset] & 0xFF;
                if (label >= CLASS_NAMES.size()) {
                    throw new IOException(file + ": record " + r + " has label " + label + ", expected 0-9");
                }
                labels[image] = label;
                System.arraycopy(bytes, offset + 1, pixels, image * SHAPE.size(), SHAPE.size());
            }
        }
        return new LabeledImages(SHAPE, pixels, labels);
    }

    /** The class names from {@code batches.meta.txt}, or the standard ones when the file is absent. */
    List<String> classNames() throws IOException {
        Path meta = folder.resolve(META_FILE);
        if (!Files.exists(meta)) {
            return CLASS_NAMES;
        }
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(meta)) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        if (names.size() != CLASS_NAMES.size()) {
            throw new IOException(
                    meta + ": expected " + CLASS_NAMES.size() + " class names, one a line, found " + names.size());
        }
        return List.copyOf(names);
    }
}
