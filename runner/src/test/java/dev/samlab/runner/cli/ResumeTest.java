package dev.samlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A run killed at any moment and resumed ends where an uninterrupted run ends. */
class ResumeTest {

    private static final String RUN = """
            model:     { name: mlp, hidden: [32], batchNorm: true }
            dataset:   { name: synthetic, trainSize: 2000, testSize: 200 }
            optimizer: { name: sam, rho: 0.05, base: { name: adam, lr: 0.002 } }
            training:  { epochs: 4, batchSize: 50, schedule: cosine, warmupEpochs: 0.5 }
            """;

    @TempDir
    Path folder;

    private Path config() throws IOException {
        return Files.writeString(folder.resolve("run.yaml"), RUN);
    }

    private CommandLineRun train(Path out, String... more) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("train", config().toString(), "--out", out.toString(),
                "--plugins", folder.resolve("none").toString()));
        arguments.addAll(List.of(more));
        return CommandLineRun.of(arguments.toArray(String[]::new));
    }

    private Process startInOwnJvm(Path out) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SamLab.class.getName(), "train", config().toString(),
                "--out", out.toString(), "--plugins", folder.resolve("none").toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve(out.getFileName() + ".log").toFile()).start();
    }

    private static void awaitFirstCheckpoint(Path out, Process process) throws InterruptedException {
        Path checkpoint = out.resolve("checkpoint/last.ckpt");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(checkpoint) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(checkpoint).exists();
    }

    @Test
    void killedWithSigkillAndResumedEndsLikeAnUninterruptedRun() throws Exception {
        Path reference = folder.resolve("reference");
        assertThat(train(reference).exitCode()).isZero();

        Path killed = folder.resolve("killed");
        Process process = startInOwnJvm(killed);
        awaitFirstCheckpoint(killed, process);
        Thread.sleep(150);
        process.destroyForcibly().waitFor();
        assertThat(process.exitValue()).as("killed before it could finish").isNotZero();
        CommandLineRun resumed = train(killed, "--resume");

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertSameRun(killed, reference);
    }

    @Test
    void stoppedByCtrlCSavesWhereItStoodAndResumesFromThatBatch() throws Exception {
        Path reference = folder.resolve("reference");
        assertThat(train(reference).exitCode()).isZero();

        Path stopped = folder.resolve("stopped");
        Process process = startInOwnJvm(stopped);
        awaitFirstCheckpoint(stopped, process);
        Thread.sleep(300);
        process.destroy(); // SIGTERM, as Ctrl-C: shutdown hooks run
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        JsonNode progress = progress(stopped);
        CommandLineRun resumed = train(stopped, "--resume");

        assertThat(Files.readString(folder.resolve("stopped.log"))).contains("checkpoint saved");
        assertThat(progress.get("batchesDone").asInt()).as("saved mid-epoch").isPositive();
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertSameRun(stopped, reference);
    }

    @Test
    void resumingWithAnotherConfigIsRefused() throws Exception {
        Path out = folder.resolve("run");
        assertThat(train(out, "--set", "training.epochs=1").exitCode()).isZero();

        CommandLineRun resumed = train(out, "--resume");

        assertThat(resumed.exitCode()).isEqualTo(2);
        assertThat(resumed.err()).contains("the config differs from the one the run in");
    }

    private static JsonNode progress(Path run) throws IOException {
        try (ZipFile zip = new ZipFile(run.resolve("checkpoint/last.ckpt").toFile())) {
            return new ObjectMapper().readTree(zip.getInputStream(zip.getEntry("progress.json")));
        }
    }

    private static INDArray modelState(Path run) throws IOException {
        try (ZipFile zip = new ZipFile(run.resolve("checkpoint/last.ckpt").toFile());
             InputStream in = zip.getInputStream(zip.getEntry("model.bin"))) {
            return Nd4j.read(new DataInputStream(in));
        }
    }

    /** Same weights and running statistics, same metrics in every column but the wall-clock seconds. */
    private static void assertSameRun(Path run, Path reference) throws IOException {
        INDArray weights = modelState(run);
        INDArray expected = modelState(reference);
        assertThat(weights.length()).isEqualTo(expected.length());
        assertThat(weights.sub(expected).amaxNumber().doubleValue()).isLessThanOrEqualTo(1e-6);

        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        List<String> expectedRows = Files.readAllLines(reference.resolve("metrics.csv"));
        assertThat(rows).hasSameSizeAs(expectedRows).hasSize(5);
        for (int r = 1; r < rows.size(); r++) {
            String[] got = rows.get(r).split(",", -1);
            String[] want = expectedRows.get(r).split(",", -1);
            for (int c = 0; c < got.length; c++) {
                if (got[c].isEmpty() || want[c].isEmpty()) {
                    assertThat(got[c]).as("row %d column %d", r, c).isEqualTo(want[c]);
                } else if (c != 7) { // seconds
                    assertThat(Double.parseDouble(got[c])).as("row %d column %d", r, c)
                            .isCloseTo(Double.parseDouble(want[c]), within(1e-6));
                }
            }
        }
    }
}
