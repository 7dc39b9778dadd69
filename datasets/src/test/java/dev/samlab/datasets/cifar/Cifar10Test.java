package dev.samlab.datasets.cifar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {

    @TempDir
    static Path data;

    static Path folder;

    @TempDir
    Path scratch;

    @BeforeAll
    static void writeFiles() throws IOException {
        folder = Cifar10Files.write(data);
    }

    private static Dataset dataset(String root, List<Path> searchPath, Path cache) {
        return new Cifar10Provider()
                .create(
                        new Cifar10Config(root, false, null, null, null, null, null, null, null, null),
                        new DataContext(searchPath, cache));
    }

    @Test
    void readsEverySplitWithItsLabelsAndClassNames() throws IOException {
        Dataset cifar = dataset(data.toString(), List.of(), Path.of("/nonexistent"));

        LabeledImages train = cifar.load(Split.TRAIN);
        LabeledImages test = cifar.load(Split.TEST);

        assertThat(train.size()).isEqualTo(50_000);
        assertThat(test.size()).isEqualTo(10_000);
        for (int i : new int[] {0, 1, 9_999, 10_000, 31_234, 49_999}) {
            assertThat(train.labels()[i]).as("train label %d", i).isEqualTo(Cifar10Files.label(i));
        }
        assertThat(test.labels()[17]).isEqualTo(Cifar10Files.label(50_017));
        assertThat(cifar.classNames()).isEqualTo(Cifar10Files.CLASS_NAMES);
        assertThat(cifar.shape().size()).isEqualTo(3072);
        assertThat(cifar.augmentation()).isEqualTo(new Augmentation(4, true, 0));
    }

    @Test
    void keepsChannelsRowsAndColumnsWhereTheyBelong() throws IOException {
        LabeledImages train =
                dataset(folder.toString(), List.of(), Path.of("/nonexistent")).load(Split.TRAIN);
        LabeledImages test =
                dataset(folder.toString(), List.of(), Path.of("/nonexistent")).load(Split.TEST);

        for (int i : new int[] {0, 12_345, 49_999}) {
            for (int c = 0; c < 3; c++) {
                for (int[] yx : new int[][] {{0, 0}, {0, 31}, {31, 0}, {5, 17}, {31, 31}}) {
                    assertThat(train.pixel(i, c, yx[0], yx[1]))
                            .as("image %d channel %d at %s", i, c, yx)
                            .isEqualTo(Cifar10Files.pixel(i, c, yx[0], yx[1]));
                }
            }
        }
        assertThat(test.pixel(9_999, 2, 7, 9)).isEqualTo(Cifar10Files.pixel(59_999, 2, 7, 9));
    }

    @Test
    void findsTheFilesThroughTheSearchPathThenTheCache() throws IOException {
        Path empty = Files.createDirectories(scratch.resolve("empty"));

        assertThat(dataset(null, List.of(empty, data), empty).load(Split.TEST).size())
                .isEqualTo(10_000);
        assertThat(dataset(null, List.of(empty), data).load(Split.TEST).size()).isEqualTo(10_000);
    }

    @Test
    void missingFilesNameEveryFolderSearchedAndWhereToGetThem() {
        Path empty = scratch.resolve("nothing-here");

        assertThatThrownBy(() -> dataset(null, List.of(empty), scratch.resolve("cache")))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(empty.resolve("cifar-10-batches-bin").toString())
                .hasMessageContaining(
                        scratch.resolve("cache").resolve("cifar-10-batches-bin").toString())
                .hasMessageContaining("download is off")
                .hasMessageContaining("cifar-10-binary.tar.gz");
    }

    @Test
    void truncatedBatchIsAnErrorNamingTheFile() throws IOException {
        Path copy = copyOfFolder();
        try (RandomAccessFile file =
                new RandomAccessFile(copy.resolve("data_batch_3.bin").toFile(), "rw")) {
            file.setLength(file.length() - 3073 * 10 - 100);
        }

        assertThatThrownBy(() -> dataset(copy.toString(), List.of(), scratch).load(Split.TRAIN))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("data_batch_3.bin")
                .hasMessageContaining("truncated")
                .hasMessageContaining("30730000");
    }

    @Test
    void labelOutOfRangeIsAnErrorNamingFileAndRecord() throws IOException {
        Path copy = copyOfFolder();
        try (RandomAccessFile file =
                new RandomAccessFile(copy.resolve("test_batch.bin").toFile(), "rw")) {
            file.seek(3073L * 42);
            file.write(10);
        }

        assertThatThrownBy(() -> dataset(copy.toString(), List.of(), scratch).load(Split.TEST))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("test_batch.bin")
                .hasMessageContaining("record 42")
                .hasMessageContaining("label 10");
    }

    @Test
    void metaFileWithTheWrongNumberOfNamesIsAnError() throws IOException {
        Path copy = copyOfFolder();
        Files.writeString(copy.resolve("batches.meta.txt"), "cat\ndog\n");

        assertThatThrownBy(() -> dataset(copy.toString(), List.of(), scratch))
                .hasRootCauseInstanceOf(IOException.class)
                .hasMessageContaining("batches.meta.txt")
                .hasMessageContaining("found 2");
    }

    private Path copyOfFolder() throws IOException {
        Path copy = Files.createDirectories(scratch.resolve("copy"));
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }
}
