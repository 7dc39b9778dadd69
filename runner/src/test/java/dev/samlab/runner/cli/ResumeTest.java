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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A run killed at any moment and resumed ends where an uninterrupted run ends. */
class ResumeTest {

    /** With label noise: the corrupted labels must be the same in every process that trains or resumes the run. */
    private static final String RUN = """
            model:     { name: mlp, hidden: [32], batchNorm: true }
            dataset:   { name: synthetic, trainSize: 2000, testSize: 200, labelNoise: { fraction: 0.2, seed: 5 } }
            optimizer: { name: sam, rho: 0.05, base: { name: adam, lr: 0.002 } }
            training:  { epochs: 4, batchSize: 50, schedule: cosine, warmupEpochs: 0.5 }
            """;

    /** RUN on fewer images (12 steps an epoch), for the test that kills and resumes many runs. */
    private static final String SHORT_RUN = RUN.replace("trainSize: 2000", "trainSize: 600");

    private static final int SHORT_RUN_STEPS = 12;

    @TempDir
    Path folder;

    /** The config every run of a test trains. */
    private String run = RUN;

    private Path config() throws IOException {
        return Files.writeString(folder.resolve("run.yaml"), run);
    }

    private CommandLineRun train(Path out, String... more) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(
                "train",
                config().toString(),
                "--out",
                out.toString(),
                "--plugins",
                folder.resolve("none").toString()));
        arguments.addAll(List.of(more));
        return CommandLineRun.of(arguments.toArray(String[]::new));
    }

    private Process startInOwnJvm(Path out) throws IOException {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        SamLab.class.getName(),
                        "train",
                        config().toString(),
                        "--out",
                        out.toString(),
                        "--plugins",
                        folder.resolve("none").toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve(out.getFileName() + ".log").toFile())
                .start();
    }

    /** Where a kill lands: when {@code trigger} first holds, plus {@code afterMillis}. */
    private record KillInstant(String phase, Trigger trigger, long afterMillis) {}

    @FunctionalInterface
    private interface Trigger {
        boolean reached(Path run, Path log) throws IOException;
    }

    private static Trigger started() {
        return (run, log) -> Files.exists(run.resolve("config.yaml"));
    }

    /** The progress line of step {@code step} of {@code epoch} of SHORT_RUN has been logged (one every 2 steps). */
    private static Trigger stepLogged(int epoch, int step) {
        return stepLogged(epoch, step, SHORT_RUN_STEPS);
    }

    /** The same, for a run of {@code steps} an epoch (logged every steps/5). */
    private static Trigger stepLogged(int epoch, int step, int steps) {
        return (run, log) -> Files.exists(log)
                && Files.readString(log).contains("epoch " + epoch + "/4  " + step + "/" + steps + " steps");
    }

    /** The epoch's last step has been logged: its evaluation, checkpoint and reports follow. */
    private static Trigger stepsDone(int epoch) {
        return stepLogged(epoch, SHORT_RUN_STEPS);
    }

    /** A checkpoint is being written (its temporary file exists) after the epoch's steps. */
    private static Trigger checkpointWriting(int epoch) {
        return (run, log) -> {
            if (!stepsDone(epoch).reached(run, log) || !Files.isDirectory(run.resolve("checkpoint"))) {
                return false;
            }
            try (var files = Files.list(run.resolve("checkpoint"))) {
                return files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp"));
            }
        };
    }

    @Test
    void killedWithSigkillAtTwentyTwoInstantsAndResumedEachEndsLikeAnUninterruptedRun() throws Exception {
        run = SHORT_RUN;
        Path reference = folder.resolve("reference");
        Process uninterrupted = startInOwnJvm(reference);
        assertThat(uninterrupted.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(uninterrupted.exitValue()).isZero();

        // each kill follows an event of the run, not a time: it lands where it should on a slow or busy machine too
        List<KillInstant> instants = new ArrayList<>();
        instants.add(new KillInstant("start", started(), 0));
        for (int epoch = 1; epoch <= 4; epoch++) {
            for (int step : new int[] {2, 6, 10}) {
                instants.add(new KillInstant("after step " + step + " of epoch " + epoch, stepLogged(epoch, step), 0));
            }
        }
        for (int epoch = 1; epoch <= 3; epoch++) {
            instants.add(new KillInstant("evaluation of epoch " + epoch, stepsDone(epoch), 0));
            instants.add(new KillInstant("evaluation of epoch " + epoch, stepsDone(epoch), 15));
            instants.add(new KillInstant("checkpoint writing, epoch " + epoch, checkpointWriting(epoch), 0));
        }
        List<String> landed = new ArrayList<>();
        for (int i = 0; i < instants.size(); i++) {
            KillInstant instant = instants.get(i);
            Path killed = folder.resolve("killed-" + i);
            Process process = startInOwnJvm(killed);
            boolean reached = awaitOrExit(process, killed, instant.trigger());
            Thread.sleep(instant.afterMillis());
            boolean killedAlive = process.isAlive();
            process.destroyForcibly().waitFor();
            landed.add(instant.phase()
                    + (instant.afterMillis() > 0 ? " +" + instant.afterMillis() + " ms" : "")
                    + (reached && killedAlive ? "" : " (missed: the run ended first)"));

            CommandLineRun resumed = train(killed, "--resume");

            assertThat(resumed.exitCode())
                    .as("instant %d, %s: %s", i, landed.get(i), resumed.err())
                    .isZero();
            assertSameRun(killed, reference);
        }
        System.out.println("kill instants: " + landed);
        assertThat(landed)
                .filteredOn(l -> l.contains("missed"))
                .as("kills that found the run over")
                .hasSizeLessThan(3);
    }

    /** Waits until the trigger holds or the process has ended; whether it held. */
    private boolean awaitOrExit(Process process, Path run, Trigger trigger) throws Exception {
        Path log = folder.resolve(run.getFileName() + ".log");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (process.isAlive() && System.nanoTime() < deadline) {
            if (trigger.reached(run, log)) {
                return true;
            }
            Thread.sleep(1);
        }
        return trigger.reached(run, log);
    }

    @Test
    void stoppedByCtrlCSavesWhereItStoodAndResumesFromThatBatch() throws Exception {
        Path reference = folder.resolve("reference");
        assertThat(train(reference).exitCode()).isZero();

        Path stopped = folder.resolve("stopped");
        Process process = startInOwnJvm(stopped);
        // 8 of epoch 2's 40 steps logged: past the first checkpoint, far from the next
        assertThat(awaitOrExit(process, stopped, stepLogged(2, 8, 40))).isTrue();
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
        assertThat(resumed.err())
                .contains("the config differs from the one the run in")
                .contains(") in training.epochs; resume with that config");
        assertThat(sessions(out)).as("a refused resume records no session").isEqualTo(1);
    }

    @Test
    void resumingWhereNoEpochFinishedYetStartsFromTheBeginningAndSaysSo() throws Exception {
        Path out = folder.resolve("never-started");

        CommandLineRun resumed = train(out, "--resume", "--set", "training.epochs=1");

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("final test accuracy");
        assertThat(Files.readAllLines(out.resolve("metrics.csv"))).hasSize(2);
        assertThat(sessions(out)).isEqualTo(1);
    }

    @Test
    void aDamagedCheckpointIsNamedWithWhatIsWrongAndTheWayOut() throws Exception {
        Path out = folder.resolve("run");
        assertThat(train(out, "--set", "training.epochs=1").exitCode()).isZero();
        Path checkpoint = out.resolve("checkpoint/last.ckpt");
        byte[] whole = Files.readAllBytes(checkpoint);
        Files.write(checkpoint, Arrays.copyOf(whole, whole.length / 2));

        CommandLineRun resumed = train(out, "--resume", "--set", "training.epochs=1");

        assertThat(resumed.exitCode()).isEqualTo(2);
        assertThat(resumed.err())
                .contains("error: " + checkpoint + ": not a readable checkpoint (not a complete zip"
                        + " archive: the file is truncated or damaged); start the run over with --force");
        assertThat(sessions(out)).as("a failed resume records no session").isEqualTo(1);
        assertThat(train(out, "--force", "--set", "training.epochs=1").exitCode())
                .isZero();
    }

    @Test
    void aRunFolderTakesOneProcessAtATimeAndAKilledHolderBlocksNothing() throws Exception {
        Path out = folder.resolve("busy");
        Process holder = startInOwnJvm(out);
        // the lock is taken before config.yaml is written: once it exists, the folder is held
        assertThat(awaitOrExit(holder, out, started())).isTrue();

        for (String option : List.of("--force", "--resume", "--out")) {
            CommandLineRun second = option.equals("--out") ? train(out) : train(out, option);
            assertThat(second.exitCode()).as(option).isEqualTo(2);
            assertThat(second.err())
                    .as(option)
                    .contains(out + " is in use by another SamLab process (PID " + holder.pid() + ")");
        }
        holder.destroyForcibly().waitFor();

        CommandLineRun afterKill = train(out, "--resume");
        assertThat(afterKill.exitCode()).as(afterKill.err()).isZero();
    }

    private static int sessions(Path run) throws IOException {
        return new ObjectMapper()
                .readTree(run.resolve("provenance.json").toFile())
                .get("sessions")
                .size();
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
                    assertThat(Double.parseDouble(got[c]))
                            .as("row %d column %d", r, c)
                            .isCloseTo(Double.parseDouble(want[c]), within(1e-6));
                }
            }
        }
    }
}
