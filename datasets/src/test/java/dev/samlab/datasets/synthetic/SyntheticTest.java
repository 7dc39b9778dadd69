package dev.samlab.datasets.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticTest {

    private static LabeledImages generate(int trainSize, long seed, Split split) throws Exception {
        Dataset dataset = new SyntheticProvider()
                .create(
                        new SyntheticConfig(trainSize, 300, null, null, seed, null, null, null),
                        new DataContext(List.of(), Path.of(".")));
        return dataset.load(split);
    }

    @Test
    void sameSettingsGiveTheSameImagesAndLargerSetsExtendSmallerOnes() throws Exception {
        LabeledImages small = generate(200, 7, Split.TRAIN);
        LabeledImages large = generate(500, 7, Split.TRAIN);

        assertThat(generate(200, 7, Split.TRAIN).pixels()).isEqualTo(small.pixels());
        assertThat(large.first(200).pixels()).isEqualTo(small.pixels());
        assertThat(large.first(200).labels()).isEqualTo(small.labels());
    }

    @Test
    void seedsAndSplitsGiveDifferentImages() throws Exception {
        LabeledImages train = generate(300, 7, Split.TRAIN);

        assertThat(generate(300, 8, Split.TRAIN).pixels()).isNotEqualTo(train.pixels());
        assertThat(generate(300, 7, Split.TEST).pixels()).isNotEqualTo(train.pixels());
    }

    @Test
    void everyClassAppearsAboutEquallyOftenAndPixelsUseTheRange() throws Exception {
        LabeledImages train = generate(5000, 1, Split.TRAIN);

        int[] counts = new int[10];
        Arrays.stream(train.labels()).forEach(label -> counts[label]++);
        assertThat(Arrays.stream(counts).boxed())
                .allSatisfy(count -> assertThat(count).isBetween(400, 600));
        int min = 255;
        int max = 0;
        for (byte b : train.pixels()) {
            min = Math.min(min, b & 0xFF);
            max = Math.max(max, b & 0xFF);
        }
        assertThat(min).isLessThan(10);
        assertThat(max).isGreaterThan(245);
    }

    @Test
    void classPatternsComeInBothContrastsSoAClassMeanIsNearlyFlatWhileImagesAreNot() throws Exception {
        LabeledImages train = generate(2000, 3, Split.TRAIN);
        double[] classMean = new double[3072];
        int count = 0;
        double imageDeviation = 0;
        for (int i = 0; i < train.size(); i++) {
            if (train.labels()[i] == 0) {
                count++;
                for (int p = 0; p < 3072; p++) {
                    int value = train.pixels()[i * 3072 + p] & 0xFF;
                    classMean[p] += value;
                    imageDeviation += Math.abs(value - 128);
                }
            }
        }
        double meanDeviation = 0;
        for (int p = 0; p < 3072; p++) {
            meanDeviation += Math.abs(classMean[p] / count - 128);
        }

        assertThat(imageDeviation / count / 3072)
                .as("single images carry strong patterns")
                .isGreaterThan(30);
        assertThat(meanDeviation / 3072)
                .as("a linear template sees little beyond the faint class tint")
                .isLessThan(10);
    }

    @Test
    void rejectsImpossibleSizes() {
        assertThatThrownBy(() -> new SyntheticConfig(0, null, null, null, null, null, null, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("trainSize"));
        assertThatThrownBy(() -> new SyntheticConfig(null, null, 1, null, null, null, null, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("classes"));
    }
}
