package org.example.csvimages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.DatasetProvider;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import dev.samlab.testkit.DatasetContract;
import dev.samlab.testkit.DatasetContract.Damage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files written in the format, read back value by value; each way a file can be wrong, named with file and line. */
class CsvImagesTest {

    /** Two 2x2 grayscale images, Kaggle-style with a header: image 0 is label 1, pixels 0 255 / 16 7. */
    private static final String TRAIN = """
            label,pixel0,pixel1,pixel2,pixel3
            1,0,255,16,7
            0,200,1,2,128
            """;

    private static final String TEST = """
            label,pixel0,pixel1,pixel2,pixel3
            0,9,8,7,6
            1,1,2,3,4
            """;

    @TempDir
    Path scratch;

    private Path folder(String train, String test) throws IOException {
        Path folder = Files.createDirectories(scratch.resolve("data"));
        Files.writeString(folder.resolve("train.csv"), train, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("test.csv"), test, StandardCharsets.UTF_8);
        return folder;
    }

    private static CsvImagesProvider.Config config(
            Path root, Integer channels, Integer height, Integer width, String layout, Integer classes) {
        return new CsvImagesProvider.Config(
                root.toString(), channels, height, width, layout, classes, null, null, null, null, null, null, null);
    }

    /** As the runner does it, with no SAMLAB_DATA folders. */
    private Dataset create(CsvImagesProvider.Config config) {
        return new CsvImagesProvider().create(config, new DataContext(List.of(), scratch.resolve("cache")));
    }

    private Dataset create(String train, String test) throws IOException {
        return create(config(folder(train, test), null, null, null, null, null));
    }

    /** The message of the error creating the dataset: every problem with a file is found then. */
    private String refusal(String train, String test, Integer height) throws IOException {
        CsvImagesProvider.Config config = config(folder(train, test), null, height, null, null, null);
        Throwable thrown = catchThrowable(() -> create(config));
        assertThat(thrown).isInstanceOf(UncheckedIOException.class);
        return thrown.getMessage();
    }

    private Path trainFile() {
        return scratch.resolve("data").resolve("train.csv");
    }

    private Path testFile() {
        return scratch.resolve("data").resolve("test.csv");
    }

    /** 3 classes of 4x4 images, labels 0 1 2 0 1 2 ... as a shuffled file has them mixed; values from a formula. */
    private static String generated(int images, int first) {
        StringBuilder csv = new StringBuilder("label");
        for (int p = 0; p < 16; p++) {
            csv.append(",pixel").append(p);
        }
        for (int i = first; i < first + images; i++) {
            csv.append('\n').append(i % 3);
            for (int p = 0; p < 16; p++) {
                csv.append(',').append((i * 16 + p * 7) % 256);
            }
        }
        return csv.append('\n').toString();
    }

    @Test
    void keepsTheDatasetContract() throws IOException {
        Path root = folder(generated(12, 0), generated(6, 100));
        Supplier<Dataset> source = DatasetContract.source(
                new CsvImagesProvider(),
                config(root, null, null, null, null, null),
                new DataContext(List.of(), scratch.resolve("cache")));

        DatasetContract.assertHolds(source, 3); // the first 3 lines hold all 3 classes
        // Only these two damages: a CSV has no count to check a cut against, so HALF or ONE_BYTE_SHORT can leave
        // whole lines (or a shorter last value), which read as a smaller dataset
        DatasetContract.assertErrorNamesFile(source, Split.TRAIN, trainFile(), Damage.EMPTY, Damage.INVERTED);
        DatasetContract.assertErrorNamesFile(source, Split.TEST, testFile(), Damage.EMPTY, Damage.INVERTED);
    }

    @Test
    void readsEveryValueWhereTheFormatPutsIt() throws IOException {
        Dataset dataset = create(TRAIN, TEST);
        LabeledImages train = dataset.load(Split.TRAIN);
        LabeledImages test = dataset.load(Split.TEST);

        assertThat(dataset.shape()).as("784 values make 28x28; 4 make 2x2").isEqualTo(new ImageShape(1, 2, 2));
        assertThat(dataset.classNames()).containsExactly("0", "1");
        assertThat(dataset.augmentation()).isEqualTo(Augmentation.NONE);
        assertThat(train.labels()).containsExactly(1, 0);
        assertThat(train.pixels()) // the file's order; AssertJ casts each to a byte, as the plugin stores 128-255
                .containsExactly(0, 255, 16, 7, 200, 1, 2, 128);
        assertThat(train.pixel(0, 0, 0, 1)).as("image 0, row 0, column 1").isEqualTo(255);
        assertThat(train.pixel(0, 0, 1, 0)).as("image 0, row 1, column 0").isEqualTo(16);
        assertThat(train.pixel(1, 0, 1, 1)).as("image 1, row 1, column 1").isEqualTo(128);
        assertThat(test.labels()).containsExactly(0, 1);
        assertThat(test.pixel(1, 0, 0, 1)).isEqualTo(2);
    }

    /** The header is optional; so are a final line end, and Excel's byte-order mark and CRLF line ends read too. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "1,0,255,16,7\n0,200,1,2,128\n",
                "label,pixel0,pixel1,pixel2,pixel3\n1,0,255,16,7\n0,200,1,2,128",
                "\uFEFF1,0,255,16,7\r\n0,200,1,2,128\r\n",
                "label,pixel0,pixel1,pixel2,pixel3\n\n1, 0, 255, 16, 7\n\n0 ,200 ,1 ,2 ,128\n\n",
            })
    void formatVariantsReadAlike(String train) throws IOException {
        LabeledImages images = create(train, TEST).load(Split.TRAIN);

        assertThat(images.labels()).containsExactly(1, 0);
        assertThat(images.pixels()).containsExactly(0, 255, 16, 7, 200, 1, 2, 128);
    }

    /** Channel c of pixel x is 10 (c + 1) + x in both files: each layout puts it in plane c. */
    @ParameterizedTest
    @ValueSource(strings = {"hwc", "chw"})
    void eachLayoutPutsAChannelInItsOwnPlane(String layout) throws IOException {
        String line = layout.equals("hwc") ? "10,20,30,11,21,31" : "10,11,20,21,30,31";
        Path root = folder("0," + line + "\n1," + line + "\n", "1," + line + "\n");

        Dataset dataset = create(config(root, 3, 1, null, layout, null));
        LabeledImages test = dataset.load(Split.TEST);

        assertThat(dataset.shape())
                .as("the width from 6 values, 3 channels, height 1")
                .isEqualTo(new ImageShape(3, 1, 2));
        assertThat(test.pixels()).containsExactly(10, 11, 20, 21, 30, 31);
        assertThat(test.pixel(0, 2, 0, 1)).isEqualTo(31);
    }

    @Test
    void classesAreTheLargestTrainingLabelPlusOneUnlessGiven() throws IOException {
        Path root = folder("2,1,2,3,4\n0,1,2,3,4\n", "1,1,2,3,4\n");

        assertThat(create(config(root, null, null, null, null, null)).classNames()).containsExactly("0", "1", "2");
        assertThat(create(config(root, null, null, null, null, 5)).classNames()).hasSize(5);
    }

    @Test
    void aLineWithAnotherNumberOfValuesNamesTheFileAndLine() throws IOException {
        assertThat(refusal(TRAIN, "0,9,8,7,6\n1,1,2,3\n", null))
                .contains(testFile() + " line 2: 4 values, expected 5 (the label, then 4 pixel values)")
                .as("Kaggle's own test.csv has no labels")
                .contains("no label? every line starts with its label");
        assertThat(refusal("1,0,255,16,7\n0,200,1,2,128,9\n", TEST, null))
                .contains(trainFile() + " line 2: 6 values, expected 5");
    }

    @Test
    void aValueThatIsNotAWholeNumberNamesTheFileLineAndColumn() throws IOException {
        assertThat(refusal(TRAIN.replace("200,1,2", "200,x,2"), TEST, null))
                .contains(trainFile() + " line 3: pixel1 (column 3) is 'x', expected a whole number");
        assertThat(refusal(TRAIN, TEST.replace("1,1,2,3,4", "1.0,1,2,3,4"), null))
                .contains(testFile() + " line 3: the label (column 1) is '1.0', expected a whole number");
        assertThat(refusal(TRAIN.replace("16,7", "16,"), TEST, null))
                .contains(trainFile() + " line 2: pixel3 (column 5) is '', expected a whole number");
    }

    @Test
    void aPixelOutsideZeroTo255NamesTheFileAndLine() throws IOException {
        assertThat(refusal(TRAIN.replace("2,128", "2,256"), TEST, null))
                .contains(trainFile() + " line 3: pixel3 (column 5) is 256, expected 0-255");
        assertThat(refusal(TRAIN, TEST.replace("0,9,8", "0,-1,8"), null))
                .contains(testFile() + " line 2: pixel0 (column 2) is -1, expected 0-255");
    }

    @Test
    void aLabelOutsideTheClassesNamesTheFileAndLine() throws IOException {
        assertThat(refusal(TRAIN, TEST.replace("1,1,2,3,4", "2,1,2,3,4"), null))
                .contains(testFile() + " line 3: the label is 2, expected 0-1 (dataset.classes, or the largest label"
                        + " in train.csv + 1)");
        assertThat(refusal(TRAIN.replace("0,200", "-1,200"), TEST, null))
                .contains(trainFile() + " line 3: the label is -1, expected 0 or more");
        assertThat(refusal("0,1,2,3,4\n0,5,6,7,8\n", TEST, null))
                .contains(trainFile() + ": every label is 0; a classifier needs at least 2 classes");
    }

    @Test
    void valuesThatMakeNoImageOfTheShapeNameTheFile() throws IOException {
        assertThat(refusal("1,1,2,3,4,5,6\n0,1,2,3,4,5,6\n", "0,1,2,3,4,5,6\n", null))
                .contains(trainFile() + ": 6 pixel values a line is not 1 x N x N (channels x a square); set"
                        + " dataset.height and width");
        assertThat(refusal(TRAIN, TEST, 3))
                .contains(trainFile() + ": 4 pixel values a line do not make images of dataset.channels x height x"
                        + " width = 1 x 3 x ?");
    }

    @Test
    void aFileWithoutExamplesNamesTheFile() throws IOException {
        assertThat(refusal(TRAIN, "label,pixel0,pixel1,pixel2,pixel3\n", null))
                .contains(testFile() + ": no examples; expected one a line");
    }

    @Test
    void aRelativeRootIsLookedForInEachDataFolderAndAMissingOneNamesThemAll() throws IOException {
        folder(TRAIN, TEST); // scratch/data/train.csv and test.csv
        DataContext samlabData = new DataContext(List.of(scratch.resolve("elsewhere"), scratch), scratch.resolve("c"));
        CsvImagesProvider.Config relative = config(Path.of("data"), null, null, null, null, null);

        assertThat(new CsvImagesProvider().create(relative, samlabData).load(Split.TRAIN).size()).isEqualTo(2);
        CsvImagesProvider.Config missing = config(Path.of("digits"), null, null, null, null, null);
        assertThatThrownBy(() -> new CsvImagesProvider().create(missing, samlabData))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("my-csv: none of the folders [digits, " + scratch.resolve("elsewhere/digits")
                        + ", " + scratch.resolve("digits") + ", " + scratch.resolve("c/digits") + "]")
                .hasMessageContaining("holds both train.csv and test.csv");
    }

    @Test
    void configDefaultsAndErrorsNameTheKey() {
        CsvImagesProvider.Config defaults = config(Path.of("data"), null, null, null, null, null);
        assertThat(defaults.channels()).isEqualTo(1);
        assertThat(defaults.layout()).isEqualTo("chw");
        assertThat(List.of(defaults.augment(), defaults.crop(), defaults.flip(), defaults.cutout()))
                .containsExactly(true, 0, false, 0);

        assertThat(refusedKey(() -> new CsvImagesProvider.Config(
                        null, null, null, null, null, null, null, null, null, null, null, null, null)))
                .isEqualTo("root");
        assertThat(refusedKey(() -> config(Path.of("data"), 0, null, null, null, null))).isEqualTo("channels");
        assertThat(refusedKey(() -> config(Path.of("data"), null, 0, null, null, null))).isEqualTo("height");
        assertThat(refusedKey(() -> config(Path.of("data"), 3, null, null, null, null)))
                .as("RGB needs its layout said")
                .isEqualTo("layout");
        assertThat(refusedKey(() -> config(Path.of("data"), null, null, null, null, 1))).isEqualTo("classes");
        assertThat(refusedKey(() -> new CsvImagesProvider.Config(
                        "data", null, null, null, null, null, null, -1, null, null, null, null, null)))
                .isEqualTo("crop");
    }

    private static String refusedKey(Runnable creation) {
        Throwable thrown = catchThrowable(creation::run);
        assertThat(thrown).isInstanceOf(InvalidConfigException.class);
        return ((InvalidConfigException) thrown).field();
    }

    @Test
    void isRegisteredAsMyCsv() {
        assertThat(ServiceLoader.load(DatasetProvider.class).stream().map(p -> p.get().name()))
                .contains("my-csv");
    }
}
