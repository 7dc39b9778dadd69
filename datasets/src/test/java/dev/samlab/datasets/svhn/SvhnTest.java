package dev.samlab.datasets.svhn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import dev.samlab.datasets.fetch.TestServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatlabType;

class SvhnTest {

    @TempDir
    static Path data;

    @TempDir
    Path scratch;

    @BeforeAll
    static void writeFiles() throws IOException {
        SvhnFiles.write(data.resolve("train_32x32.mat"), 0, 300);
        SvhnFiles.write(data.resolve("test_32x32.mat"), 1000, 120);
        SvhnFiles.write(data.resolve("extra_32x32.mat"), 2000, 200);
    }

    private static Dataset svhn(Path root, boolean extra) {
        return new SvhnProvider()
                .create(
                        new SvhnConfig(root.toString(), false, null, extra, null, null, null, null, null, null, null),
                        new DataContext(List.of(), root.resolve("no-cache")));
    }

    @Test
    void readsCountsDigitsAndClassNamesMappingLabelTenToZero() throws IOException {
        Dataset svhn = svhn(data, false);

        LabeledImages train = svhn.load(Split.TRAIN);
        LabeledImages test = svhn.load(Split.TEST);

        assertThat(train.size()).isEqualTo(300);
        assertThat(test.size()).isEqualTo(120);
        for (int n = 0; n < 300; n++) {
            assertThat(train.labels()[n]).isEqualTo(SvhnFiles.digit(n));
        }
        assertThat(train.labels()).as("label 10 in the file is the digit 0").contains(0);
        assertThat(test.labels()[5]).isEqualTo(SvhnFiles.digit(1005));
        assertThat(svhn.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(svhn.augmentation()).as("no flips for digits").isEqualTo(new Augmentation(4, false, 0));
    }

    @Test
    void putsChannelsRowsAndColumnsWhereTheyBelong() throws IOException {
        LabeledImages train = svhn(data, false).load(Split.TRAIN);

        for (int n : new int[] {0, 77, 299}) {
            for (int c = 0; c < 3; c++) {
                for (int[] yx : new int[][] {{0, 0}, {0, 31}, {31, 0}, {9, 20}, {31, 31}}) {
                    assertThat(train.pixel(n, c, yx[0], yx[1]))
                            .as("image %d channel %d at %s", n, c, yx)
                            .isEqualTo(SvhnFiles.pixel(n, c, yx[0], yx[1]));
                }
            }
        }
    }

    @Test
    void theExtraSplitJoinsTheTrainingImages() throws IOException {
        LabeledImages train = svhn(data, true).load(Split.TRAIN);

        assertThat(train.size()).isEqualTo(500);
        assertThat(train.labels()[300]).isEqualTo(SvhnFiles.digit(2000));
        assertThat(train.pixel(499, 1, 3, 4)).isEqualTo(SvhnFiles.pixel(2199, 1, 3, 4));
    }

    private Path copyWithTrain(Path train) throws IOException {
        Path folder = Files.createDirectories(scratch.resolve("copy"));
        Files.copy(data.resolve("test_32x32.mat"), folder.resolve("test_32x32.mat"));
        if (!train.equals(folder.resolve("train_32x32.mat"))) {
            Files.copy(train, folder.resolve("train_32x32.mat"));
        }
        return folder;
    }

    @Test
    void aFileWithoutXOrYNamesTheFileAndWhatItHolds() throws IOException {
        Path noX = SvhnFiles.write(
                scratch.resolve("nox.mat"),
                Mat5.newMatFile().addArray("y", Mat5.newMatrix(3, 1)).addArray("images", Mat5.newMatrix(2, 2)));
        Path folder = copyWithTrain(noX);

        assertThatThrownBy(() -> svhn(folder, false).load(Split.TRAIN))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(folder.resolve("train_32x32.mat").toString())
                .hasMessageContaining("no variable X (the images)")
                .hasMessageContaining("[y, images]");
    }

    @Test
    void labelsOutsideOneToTenAreAnError() throws IOException {
        var x = Mat5.newMatrix(new int[] {32, 32, 3, 2}, MatlabType.UInt8);
        var y = Mat5.newMatrix(2, 1);
        y.setDouble(0, 4);
        y.setDouble(1, 11);
        Path folder = copyWithTrain(SvhnFiles.write(
                scratch.resolve("bad.mat"), Mat5.newMatFile().addArray("X", x).addArray("y", y)));

        assertThatThrownBy(() -> svhn(folder, false).load(Split.TRAIN))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("y(2) is 11.0, expected a whole number 1-10");
    }

    @Test
    void imagesOfTheWrongTypeOrSizeAreAnError() throws IOException {
        var x = Mat5.newMatrix(new int[] {28, 28, 1, 2}, MatlabType.Double);
        Path folder = copyWithTrain(SvhnFiles.write(
                scratch.resolve("mnist.mat"), Mat5.newMatFile().addArray("X", x).addArray("y", Mat5.newMatrix(2, 1))));

        assertThatThrownBy(() -> svhn(folder, false).load(Split.TRAIN))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("X must be uint8 of size 32x32x3xN, found double of size 28x28x1x2");
    }

    @Test
    void aTruncatedFileIsAnErrorNamingIt() throws IOException {
        Path folder = copyWithTrain(data.resolve("train_32x32.mat"));
        try (RandomAccessFile file =
                new RandomAccessFile(folder.resolve("train_32x32.mat").toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }

        assertThatThrownBy(() -> svhn(folder, false).load(Split.TRAIN))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(folder.resolve("train_32x32.mat").toString())
                .hasMessageContaining("not a readable MATLAB v5 file");
    }

    @Test
    void downloadsEachMissingFileWithItsChecksum() throws Exception {
        Path cache = Files.createDirectories(scratch.resolve("cache"));
        Files.copy(data.resolve("test_32x32.mat"), cache.resolve("test_32x32.mat"));
        try (TestServer server = new TestServer()) {
            server.serve("train_32x32.mat", data.resolve("train_32x32.mat"), TestServer.Mode.WHOLE);
            Map<String, String> md5 = Map.of(
                    "train_32x32.mat",
                    md5(data.resolve("train_32x32.mat")),
                    "test_32x32.mat",
                    "not-needed",
                    "extra_32x32.mat",
                    "not-needed");

            Dataset svhn = new SvhnProvider("http://127.0.0.1:9/", md5)
                    .create(
                            new SvhnConfig(
                                    null,
                                    true,
                                    server.base().toString(),
                                    false,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null),
                            new DataContext(List.of(), cache));

            assertThat(svhn.load(Split.TRAIN).size()).isEqualTo(300);
            assertThat(cache.resolve("train_32x32.mat")).hasSameBinaryContentAs(data.resolve("train_32x32.mat"));

            Files.delete(cache.resolve("train_32x32.mat"));
            SvhnProvider wrongChecksum = new SvhnProvider(
                    server.base().toString(), Map.of("train_32x32.mat", "e26dedcc434d2e4c54c9b2d4a06d8373"));
            assertThatThrownBy(() -> wrongChecksum.create(
                            new SvhnConfig(null, true, null, false, null, null, null, null, null, null, null),
                            new DataContext(List.of(), cache)))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("checksum mismatch");
            assertThat(cache.resolve("train_32x32.mat")).doesNotExist();
        }
    }

    private static String md5(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
    }
}
