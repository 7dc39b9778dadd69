package dev.samlab.runner.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.runner.config.ConfigLoader;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.plugins.PluginDiscovery;
import dev.samlab.runner.plugins.PluginFactory;
import dev.samlab.runner.plugins.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataTest {

    private static final PluginRegistry REGISTRY =
            PluginDiscovery.discover(TrainingDataTest.class.getClassLoader(), null);

    @TempDir
    Path folder;

    private TrainingData cut(String dataset, int validation) throws IOException {
        Path file = Files.writeString(folder.resolve("run.yaml"), """
                model:     { name: mlp }
                dataset:   %s
                optimizer: { name: sgd }
                training:  { epochs: 1, validation: %d }
                """.formatted(dataset, validation));
        RunConfig config = new ConfigLoader(REGISTRY).load(file, List.of());
        return TrainingData.of(data(config), config);
    }

    private Dataset data(RunConfig config) {
        return new PluginFactory(REGISTRY, new DataContext(List.of(), folder)).dataset(config.dataset());
    }

    private static final String SYNTHETIC = "{ name: synthetic, trainSize: 4000, testSize: 1000";

    @Test
    void noiseCorruptsTheTrainingAndValidationLabelsKeepsTheTrueOnesBesideAndLeavesTheTestSplitClean()
            throws IOException {
        TrainingData clean = cut(SYNTHETIC + " }", 500);
        TrainingData noisy = cut(SYNTHETIC + ", labelNoise: { fraction: 0.4, seed: 7 } }", 500);

        assertThat(noisy.test().labels()).isEqualTo(clean.test().labels());
        assertThat(noisy.train().pixels()).isEqualTo(clean.train().pixels());
        assertThat(noisy.cleanTrainLabels()).isEqualTo(clean.train().labels());
        assertThat(clean.cleanTrainLabels()).isNull();
        assertThat(clean.labelNoise()).isEmpty();
        int changedInTraining =
                differences(noisy.train().labels(), clean.train().labels());
        int changedInValidation =
                differences(noisy.validation().labels(), clean.validation().labels());
        assertThat(noisy.labelNoise())
                .contains(new LabelNoiseCount(0.4, "symmetric", 7, changedInTraining, 3500, changedInValidation, 500));
        assertThat(changedInTraining).isBetween(1400 - 150, 1400 + 150); // 3500 · 0.4 ± 5 sd (29)
        assertThat(changedInValidation).isBetween(200 - 60, 200 + 60);
        assertThat(noisy.labelNoise().orElseThrow().toString())
                .isEqualTo("symmetric label noise of 40 % (seed 7): " + String.format("%,d", changedInTraining)
                        + " of 3,500 training labels changed ("
                        + String.format(Locale.ROOT, "%.1f", changedInTraining / 35.0) + " %), "
                        + changedInValidation + " of 500 validation labels; test labels clean");
    }

    @Test
    void theSameImagesGetTheSameLabelsWhateverIsHeldOutOrLimited() throws IOException {
        String noise = ", labelNoise: { fraction: 0.3, seed: 2 } }";
        TrainingData all = cut(SYNTHETIC + noise, 0);
        TrainingData held = cut(SYNTHETIC + noise, 1000);
        TrainingData limited = cut(SYNTHETIC + ", trainLimit: 2000" + noise, 0);

        assertThat(held.train().labels()).isEqualTo(Arrays.copyOf(all.train().labels(), 3000));
        assertThat(held.validation().labels())
                .isEqualTo(Arrays.copyOfRange(all.train().labels(), 3000, 4000));
        assertThat(limited.train().labels()).isEqualTo(Arrays.copyOf(all.train().labels(), 2000));
    }

    @Test
    void aNoiseFractionOfZeroChangesNothingButStillCountsCleanAccuracy() throws IOException {
        TrainingData none = cut(SYNTHETIC + ", labelNoise: { fraction: 0 } }", 0);

        assertThat(none.train().labels()).isEqualTo(none.cleanTrainLabels());
        assertThat(none.labelNoise().orElseThrow().changedInTraining()).isZero();
    }

    @Test
    void trainingBatchesCarryTheTrueLabelsOfTheirImages() throws IOException {
        TrainingData noisy = cut(SYNTHETIC + ", labelNoise: { fraction: 0.5, seed: 1 } }", 0);
        try (BatchStream batches =
                noisy.trainingBatches(10, Augmentation.NONE, 0).inOrder(1000)) {
            var batch = batches.next();
            for (int i = 0; i < 1000; i++) {
                assertThat(batch.cleanLabels().getInt(i)).isEqualTo(noisy.cleanTrainLabels()[i]);
                assertThat(batch.targets().getRow(i).argMax().getInt(0))
                        .isEqualTo(noisy.train().labels()[i]);
            }
        }
    }

    private static int differences(int[] a, int[] b) {
        int count = 0;
        for (int i = 0; i < a.length; i++) {
            count += a[i] != b[i] ? 1 : 0;
        }
        return count;
    }
}
