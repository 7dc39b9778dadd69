package dev.samlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import dev.samlab.datasets.synthetic.SyntheticConfig;
import dev.samlab.datasets.synthetic.SyntheticProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ResNet-20 learns in a few epochs, from the synthetic dataset and from CIFAR-10 binary files. With few steps the
 * batch-norm running statistics lag the weights, so a high test accuracy also shows they are kept right.
 */
class ResNetLearnsTest {

    private static final String RUN = """
            model:     { name: resnet20 }
            dataset:   %s
            optimizer: { name: adam, lr: 0.001 }
            training:  { epochs: 4, batchSize: 128 }
            """;

    @TempDir
    Path folder;

    private List<double[]> train(String dataset) throws IOException {
        Path config = Files.writeString(folder.resolve("run.yaml"), RUN.formatted(dataset));
        CommandLineRun run = CommandLineRun.of(
                "train",
                config.toString(),
                "--out",
                folder.resolve("out").toString(),
                "--plugins",
                folder.resolve("none").toString(),
                "--force");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return Files.readAllLines(folder.resolve("out/metrics.csv")).stream()
                .skip(1)
                .map(line -> Arrays.stream(line.split(","))
                        .filter(s -> !s.isEmpty())
                        .mapToDouble(Double::parseDouble)
                        .toArray())
                .toList();
    }

    private static void assertLearned(List<double[]> epochs) {
        assertThat(epochs).hasSize(4);
        assertThat(epochs.get(1)[2]).as("train loss, epoch 2 below epoch 1").isLessThan(epochs.get(0)[2]);
        assertThat(epochs.get(3)[2]).as("train loss, epoch 4 far below epoch 1").isLessThan(epochs.get(0)[2] / 3);
        assertThat(epochs.get(3)[5])
                .as("test accuracy on 1,000 images; chance is 0.1")
                .isGreaterThan(0.6);
    }

    @Test
    void onTheSyntheticDataset() throws IOException {
        assertLearned(train("{ name: synthetic, trainSize: 5000, testSize: 1000 }"));
    }

    @Test
    void onCifar10BinaryFilesHoldingLearnableImages() throws IOException {
        Dataset synthetic = new SyntheticProvider()
                .create(
                        new SyntheticConfig(10_000, 10_000, null, null, 7L, null, null, null),
                        new DataContext(List.of(), folder));
        Path batches = Files.createDirectories(folder.resolve("data/cifar-10-batches-bin"));
        writeBatch(batches.resolve("data_batch_1.bin"), synthetic.load(Split.TRAIN));
        for (int i = 2; i <= 5; i++) {
            Files.write(batches.resolve("data_batch_" + i + ".bin"), new byte[10_000 * 3073]);
        }
        writeBatch(batches.resolve("test_batch.bin"), synthetic.load(Split.TEST));

        assertLearned(train("{ name: cifar10, root: '" + folder.resolve("data") + "', download: false, augment: false,"
                + " trainLimit: 5000, testLimit: 1000 }"));
    }

    /** CIFAR-10's record layout: a label byte, then the 3,072 planar pixel bytes. */
    private static void writeBatch(Path file, LabeledImages images) throws IOException {
        byte[] bytes = new byte[10_000 * 3073];
        for (int i = 0; i < 10_000; i++) {
            bytes[i * 3073] = (byte) images.labels()[i];
            System.arraycopy(images.pixels(), i * 3072, bytes, i * 3073 + 1, 3072);
        }
        Files.write(file, bytes);
    }
}
