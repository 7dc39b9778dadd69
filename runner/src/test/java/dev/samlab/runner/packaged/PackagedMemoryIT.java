package dev.samlab.runner.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code bin/samlab} caps the heap (ND4J frees an array's native memory only once the collector has found it
 * unreachable, and an uncapped heap grows instead of collecting), and a run's resident memory stays flat from epoch
 * to epoch: the bound is generous, a leak of a few megabytes a step fails it. ResNet-20 trains on oneDNN directly,
 * its plans for the batch and each epoch's smaller last batch sharing one arena of tensors, and stays under 1 GiB.
 */
class PackagedMemoryIT {

    @TempDir
    Path home;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "model: { name: mlp, hidden: [512, 512], batchNorm: true }\n"
                        + "dataset: { name: synthetic, trainSize: 2000, testSize: 500 }\n"
                        + "training: { epochs: 5, batchSize: 100 }",
                "model: { name: resnet20 }\n"
                        + "dataset: { name: synthetic, trainSize: 1000, testSize: 500 }\n"
                        + "training: { epochs: 5, batchSize: 128 }" // a last batch of 104 each epoch
            })
    void theLauncherCapsTheHeapAndResidentMemoryStaysFlatFromEpochToEpoch(String run) throws Exception {
        Path config = Files.writeString(
                home.resolve("flat.yaml"), run + "\noptimizer: { name: sam, base: { name: adam } }\n");

        Launcher.Result result = Launcher.run(
                home,
                "",
                List.of(
                        "bench",
                        "train",
                        config.toString(),
                        "--plugins",
                        home.resolve("p").toString()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).as("the launcher's cap").contains("heap max 1.0 GiB");
        List<String[]> epochs = result.output()
                .lines()
                .filter(l -> l.matches("\\s+\\d+\\s+\\d.*"))
                .map(l -> l.trim().split("\\s+"))
                .toList();
        assertThat(epochs).hasSize(5);
        List<Double> resident =
                epochs.stream().map(e -> Double.parseDouble(e[5])).toList();
        assertThat(resident.get(4))
                .as("resident GiB after epoch 5 against epoch 2, " + resident)
                .isLessThanOrEqualTo(resident.get(1) * 1.15 + 0.05);
        assertThat(resident).as("resident GiB").allSatisfy(r -> assertThat(r).isLessThanOrEqualTo(1.0));
        assertThat(epochs)
                .allSatisfy(e -> assertThat(Double.parseDouble(e[8]))
                        .as("heap held, GiB")
                        .isLessThanOrEqualTo(1.0));
    }
}
