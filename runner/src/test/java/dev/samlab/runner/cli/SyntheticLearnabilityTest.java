package dev.samlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic dataset is a fair test bed: a network learns it, a linear model cannot master it. */
class SyntheticLearnabilityTest {

    @TempDir
    Path folder;

    private double finalTestAccuracy(String hidden) throws IOException {
        Path config = Files.writeString(folder.resolve("run.yaml"), """
                model:     { name: mlp, hidden: %s }
                dataset:   { name: synthetic, trainSize: 5000, testSize: 1000 }
                optimizer: { name: adam, lr: 0.001 }
                training:  { epochs: 4, batchSize: 128 }
                """.formatted(hidden));
        Path out = CommandLineRun.train(config, folder.resolve("run-" + hidden.length()));
        List<String> lines = Files.readAllLines(out.resolve("metrics.csv"));
        return Double.parseDouble(lines.get(lines.size() - 1).split(",")[5]);
    }

    @Test
    void anMlpLearnsItWhileALinearModelStaysFarFromPerfect() throws IOException {
        double linear = finalTestAccuracy("[]");
        double mlp = finalTestAccuracy("[256]");

        assertThat(linear).as("softmax regression").isBetween(0.15, 0.7);
        assertThat(mlp).as("one hidden layer of 256").isGreaterThan(0.85);
    }
}
