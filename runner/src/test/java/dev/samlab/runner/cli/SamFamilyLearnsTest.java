package dev.samlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every method of the SAM family, through the real command line, learns the synthetic data. */
class SamFamilyLearnsTest {

    @TempDir
    Path folder;

    /**
     * 90 steps of 50 examples: two passes each, but LookSAM's (two on every 5th step, one between), ESAM's (the second
     * on half the batch), Momentum-SAM's (one), multi-step SAM's and Lookbehind's (three: two ascent steps), and SAM with a second
     * pass on every other step from epoch 1 on.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{ name: sam, base: { name: adam, lr: 0.003 } }                                         | 180",
                "{ name: asam, base: { name: adam, lr: 0.003 } }                                        | 180",
                "{ name: gsam, rhoSchedule: learningRate, rhoMin: 0.01, base: { name: adam, lr: 0.003 } } | 180",
                "{ name: looksam, every: 5, base: { name: adam, lr: 0.003 } }                           | 108",
                "{ name: esam, base: { name: adam, lr: 0.003 } }                                        | 135",
                "{ name: fisher-sam, base: { name: adam, lr: 0.003 } }                                  | 180",
                "{ name: momentum-sam, base: { name: sgd, lr: 0.05, momentum: 0.9 } }                   | 90",
                "{ name: wsam, base: { name: adam, lr: 0.003 } }                                        | 180",
                "{ name: friendly-sam, base: { name: adam, lr: 0.003 } }                                | 180",
                "{ name: multistep-sam, steps: 2, base: { name: adam, lr: 0.003 } }                     | 270",
                "{ name: vasso, base: { name: adam, lr: 0.003 } }                                       | 180",
                "{ name: gcsam, base: { name: adam, lr: 0.003 } }                                       | 180",
                "{ name: zsharp, base: { name: adam, lr: 0.003 } }                                      | 180",
                "{ name: lookbehind-sam, base: { name: adam, lr: 0.003 } }                              | 270",
                "{ name: lookbehind-asam, base: { name: adam, lr: 0.003 } }                             | 270",
                "{ name: sam, perturb: [weight], every: 2, startEpoch: 1, base: { name: adam, lr: 0.003 } } | 120"
            })
    void learnsTheSyntheticData(String optimizer, String gradientEvaluations) throws IOException {
        Path config = Files.writeString(folder.resolve("run.yaml"), """
                model:     { name: mlp, hidden: [64] }
                dataset:   { name: synthetic, trainSize: 1500, testSize: 300 }
                optimizer: %s
                training:  { epochs: 3, batchSize: 50, schedule: cosine }
                """.formatted(optimizer));

        CommandLineRun run = CommandLineRun.of(
                "train",
                config.toString(),
                "--out",
                folder.resolve("run").toString(),
                "--plugins",
                folder.resolve("none").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> rows = Files.readAllLines(folder.resolve("run/metrics.csv"));
        String[] last = rows.get(rows.size() - 1).split(",");
        assertThat(Double.parseDouble(last[5]))
                .as("test accuracy; chance is 0.1")
                .isGreaterThan(0.6);
        assertThat(last[8]).as("gradient evaluations").isEqualTo(gradientEvaluations);
    }
}
