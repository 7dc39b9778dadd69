package dev.samlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {

    @TempDir
    Path folder;

    @Test
    void reproducesTheRunsFinalTestAccuracyPerClassAndDrawsTheConfusionMatrix() throws IOException {
        Path config = Files.writeString(folder.resolve("run.yaml"), TrainCommandTest.SYNTHETIC_RUN);
        Path run = folder.resolve("run");
        CommandLineRun.train(config, run);
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        double finalAccuracy =
                Double.parseDouble(metrics.get(metrics.size() - 1).split(",")[5]);

        CommandLineRun eval = CommandLineRun.of(
                "eval", run.toString(), "--plugins", folder.resolve("none").toString());

        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out())
                .contains(String.format(Locale.ROOT, "quick on 300 test images: accuracy %.2f%%", 100 * finalAccuracy));
        assertThat(eval.out().lines().filter(l -> l.matches("class\\d\\s+\\d+\\.\\d\\d%")))
                .hasSize(10);
        assertThat(ImageIO.read(run.resolve("confusion.png").toFile()).getWidth())
                .isEqualTo(720);

        Path alone = Files.createDirectories(folder.resolve("shared-with-a-colleague"))
                .resolve("model.ckpt");
        Files.copy(run.resolve("checkpoint/last.ckpt"), alone);
        Path chart = Files.writeString(folder.resolve("chart.png"), "a file of mine");
        CommandLineRun refused = CommandLineRun.of(
                "eval",
                alone.toString(),
                "--out",
                chart.toString(),
                "--plugins",
                folder.resolve("none").toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("--out: " + chart + " exists: replace it with --force");
        assertThat(chart).hasContent("a file of mine");
        CommandLineRun evalAlone = CommandLineRun.of(
                "eval",
                alone.toString(),
                "--out",
                chart.toString(),
                "--force",
                "--plugins",
                folder.resolve("none").toString());

        assertThat(evalAlone.exitCode())
                .as("a checkpoint carries its config: " + evalAlone.err())
                .isZero();
        assertThat(evalAlone.out().lines().filter(l -> l.contains("accuracy")).findFirst())
                .isEqualTo(
                        eval.out().lines().filter(l -> l.contains("accuracy")).findFirst());
        assertThat(ImageIO.read(chart.toFile()).getWidth()).isEqualTo(720);
        assertThat(alone.resolveSibling("confusion.png"))
                .as("nothing beside a lone checkpoint")
                .doesNotExist();
        assertThat(Files.readString(run.resolve("provenance.json")))
                .as("provenance names the plugins that built the run")
                .contains("\"kind\" : \"optimizer\"", "\"name\" : \"adam\"", "\"name\" : \"synthetic\"");
    }

    @Test
    void theAccuracyIsPrintedEvenWhenTheChartCannotBeWritten() throws IOException {
        Path run = CommandLineRun.train(
                Files.writeString(folder.resolve("run.yaml"), TrainCommandTest.SYNTHETIC_RUN), folder.resolve("run"));
        Files.writeString(Files.createDirectories(run.resolve("confusion.png")).resolve("x"), "in the way");

        CommandLineRun eval = CommandLineRun.of(
                "eval", run.toString(), "--plugins", folder.resolve("none").toString());

        assertThat(eval.exitCode()).isEqualTo(1);
        assertThat(eval.out()).contains("quick on 300 test images: accuracy");
        assertThat(eval.err()).contains("cannot write " + run.resolve("confusion.png"));
    }

    @Test
    void aCheckpointEntryLargerThanAnySamLabWritesIsRefusedNotRead() throws IOException {
        Path run = CommandLineRun.train(
                Files.writeString(folder.resolve("run.yaml"), TrainCommandTest.SYNTHETIC_RUN), folder.resolve("run"));
        Path hostile = folder.resolve("hostile.ckpt");
        try (ZipFile original = new ZipFile(run.resolve("checkpoint/last.ckpt").toFile());
                ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(hostile))) {
            for (ZipEntry entry : Collections.list(original.entries())) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals("manifest.json")) {
                    zip.write(new byte[17 << 20]); // 17 MiB of zeros: a few kilobytes in the file
                } else {
                    original.getInputStream(entry).transferTo(zip);
                }
            }
        }

        CommandLineRun eval = CommandLineRun.of(
                "eval",
                hostile.toString(),
                "--out",
                folder.resolve("c.png").toString(),
                "--plugins",
                folder.resolve("none").toString());

        assertThat(eval.exitCode()).isEqualTo(2);
        assertThat(eval.err())
                .contains(hostile + ": not a readable checkpoint (its manifest.json entry holds more than 16 MiB");
    }

    @Test
    void aFolderWithoutARunIsABadArgument() {
        CommandLineRun eval = CommandLineRun.of("eval", folder.toString(), "--plugins", folder.toString());

        assertThat(eval.exitCode()).isEqualTo(2);
        assertThat(eval.err()).contains("is not a run folder with a checkpoint");
    }
}
