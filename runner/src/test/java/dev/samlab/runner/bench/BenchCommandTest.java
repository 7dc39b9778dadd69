package dev.samlab.runner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.runner.cli.SamLab;
import dev.samlab.runner.train.EpochMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs and reports every optimizer; its figures are for people to read, not asserted. */
class BenchCommandTest {

    /** Over iterations 0 to 4: LookSAM ascends at 0 only, ESAM's second pass covers half the batch. */
    @Test
    void printsOneRowPerOptimizerWithTheGradientEvaluationsItsStepsCost() {
        StringWriter out = new StringWriter();
        var commandLine = SamLab.commandLine();
        commandLine.setOut(new PrintWriter(out, true));

        int code = commandLine.execute(
                "bench",
                "optimizers",
                "--steps",
                "5",
                "--warmup",
                "0",
                "--plugins",
                "/nonexistent",
                "--optimizer",
                "sgd",
                "--optimizer",
                "{ name: sam, base: { name: sgd } }",
                "--optimizer",
                "{ name: looksam, base: { name: sgd } }",
                "--optimizer",
                "{ name: esam, base: { name: sgd } }");

        assertThat(code).isZero();
        assertThat(out.toString())
                .containsPattern("resnet20's 269,722 parameters \\(59 tensors in \\d+ runs\\)")
                .containsPattern("(?m)^sgd\\s+\\d+\\.\\d{3} .* 1\\.00$")
                .containsPattern("(?m)^\\{ name: sam, base: \\{ name: sgd \\} \\}\\s+\\d+\\.\\d{3} .* 2\\.00$")
                .containsPattern("(?m)^\\{ name: looksam, base: \\{ name: sgd \\} \\}\\s+\\d+\\.\\d{3} .* 1\\.20$")
                .containsPattern("(?m)^\\{ name: esam, base: \\{ name: sgd \\} \\}\\s+\\d+\\.\\d{3} .* 1\\.50$");
    }

    @Test
    void theTrainingBenchmarkTrainsThroughTheRealLoopAndReportsEachEpoch(@TempDir Path folder) throws IOException {
        Path config = Files.writeString(folder.resolve("bench.yaml"), """
                name: timed
                model:     { name: mlp, hidden: [16] }
                dataset:   { name: synthetic, trainSize: 300, testSize: 100 }
                optimizer: { name: adam }
                training:  { epochs: 3, batchSize: 50 }
                """);
        StringWriter out = new StringWriter();
        var commandLine = SamLab.commandLine();
        commandLine.setOut(new PrintWriter(out, true));

        int code = commandLine.execute(
                "bench",
                "train",
                config.toString(),
                "--set",
                "training.epochs=2",
                "--out",
                folder.resolve("run").toString(),
                "--plugins",
                "/nonexistent");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("timed: 300 training images (6 steps an epoch), 100 test images")
                .containsPattern("heap max \\d+\\.\\d GiB")
                .containsPattern("(?m)^\\s+1\\s+\\d+\\.\\d\\s+\\d+\\.\\d")
                .containsPattern("(?m)^\\s+2\\s+\\d+\\.\\d\\s+\\d+\\.\\d")
                .doesNotContainPattern("(?m)^\\s+3\\s")
                .containsPattern("median \\d+\\.\\d training images/s over 2 epochs; peak resident memory");
        List<String> rows = Files.readAllLines(folder.resolve("run/metrics.csv"));
        assertThat(rows).as("what a run writes").hasSize(3);
        for (String row : rows.subList(1, 3)) {
            EpochMetrics metrics = EpochMetrics.parse(row);
            assertThat(out.toString())
                    .as("epoch %d's training loss and test accuracy, as metrics.csv has them", metrics.epoch())
                    .containsPattern(String.format(
                            Locale.ROOT,
                            "(?m)^\\s+%d\\s.*\\s%.4f\\s+%.2f%%$",
                            metrics.epoch(),
                            metrics.trainLoss(),
                            100 * metrics.testAccuracy()));
        }
        assertThat(folder.resolve("run/checkpoint/last.ckpt")).exists();
    }

    @Test
    void theTrainingBenchmarkWritesOnlyIntoAnEmptyFolder(@TempDir Path folder) throws IOException {
        Path notes = Files.writeString(folder.resolve("notes.txt"), "mine");
        StringWriter err = new StringWriter();
        var commandLine = SamLab.commandLine();
        commandLine.setErr(new PrintWriter(err, true));

        int code = commandLine.execute("bench", "train", "--out", folder.toString(), "--plugins", "/nonexistent");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--out: " + folder + " is not empty");
        assertThat(notes).hasContent("mine");
    }

    @Test
    void thePipelineBenchmarkReportsImagesPerSecond() {
        StringWriter out = new StringWriter();
        var commandLine = SamLab.commandLine();
        commandLine.setOut(new PrintWriter(out, true));

        int code = commandLine.execute("bench", "pipeline", "--images", "600", "--passes", "1", "--cutout", "8");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("cutout=8")
                .containsPattern("one thread:\\s+[\\d,]+ images/s")
                .containsPattern("to ND4J:\\s+[\\d,]+ images/s");
    }

    @Test
    void theModelBenchmarkTimesPassesInferenceAndAStepInInterleavedRounds() {
        StringWriter out = new StringWriter();
        var commandLine = SamLab.commandLine();
        commandLine.setOut(new PrintWriter(out, true));

        int code = commandLine.execute(
                "bench",
                "model",
                "--model",
                "{ name: mlp, hidden: [16] }",
                "--batch",
                "8",
                "--iterations",
                "3",
                "--warmup",
                "1",
                "--plugins",
                "/nonexistent");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("median of 3 rounds")
                .containsPattern("forward\\+backward, batch 8:\\s+\\d+\\.\\d ms")
                .containsPattern("inference, batch 16:\\s+\\d+\\.\\d ms")
                .containsPattern("optimizer step \\{ name: sam.*batch 8:\\s+\\d+\\.\\d ms")
                .containsPattern("optimizer step / forward\\+backward of the same round: \\d+\\.\\d\\d")
                .containsPattern(
                        "in the step's passes:\\s+\\d+\\.\\d ms;  the optimizer's own work between them: \\d+\\.\\d ms");
    }
}
