package dev.samlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.runner.sweep.ParentWatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep with trials in child processes, stopped as users stop it: nothing it started trains on. */
class SweepStopTest {

    private static final List<String> TRIALS = List.of("seed=1", "seed=2", "seed=3", "seed=4");

    @TempDir
    Path folder;

    /** Starts {@code sweep --parallel 2} over four long trials and waits until the first two are training. */
    private Process sweepTrainingTwoTrials() throws IOException, InterruptedException {
        Files.writeString(folder.resolve("base.yaml"), """
                model:     { name: mlp, hidden: [32] }
                dataset:   { name: synthetic, trainSize: 4000, testSize: 100 }
                optimizer: { name: adam, lr: 0.001 }
                training:  { epochs: 1000, batchSize: 50 }
                """);
        Path sweep = Files.writeString(folder.resolve("long.yaml"), "base: base.yaml\naxes:\n  seed: [1, 2, 3, 4]\n");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        SamLab.class.getName(),
                        "sweep",
                        sweep.toString(),
                        "--parallel",
                        "2",
                        "--out",
                        folder.resolve("out").toString(),
                        "--plugins",
                        folder.resolve("none").toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("sweep.log").toFile())
                .start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!(training("seed=1") && training("seed=2"))) {
            assertThat(Instant.now()).as("two trials training within 2 minutes").isBefore(deadline);
            assertThat(process.isAlive()).as("the sweep is running").isTrue();
            Thread.sleep(200);
        }
        Thread.sleep(1000); // some steps into an epoch
        return process;
    }

    private boolean training(String trial) throws IOException {
        Path log = folder.resolve("out/logs/" + trial + ".log");
        return Files.exists(log) && Files.readString(log).contains("training and 100 test images");
    }

    private String log(String trial) throws IOException {
        return Files.readString(folder.resolve("out/logs/" + trial + ".log"));
    }

    /** The trial's log once it says the run stopped with a checkpoint (or after 90 s, whatever it says then). */
    private String stoppedLog(String trial) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!log(trial).contains("checkpoint saved") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        return log(trial);
    }

    private static void awaitEnd(List<ProcessHandle> processes) {
        for (ProcessHandle process : processes) {
            assertThat(process.onExit()
                            .completeOnTimeout(null, 90, TimeUnit.SECONDS)
                            .join())
                    .as("process %d ended", process.pid())
                    .isNotNull();
        }
    }

    @Test
    void sigtermCheckpointsTheRunningTrialsAndStartsNoOther() throws Exception {
        Process sweep = sweepTrainingTwoTrials();
        List<ProcessHandle> children = sweep.children().toList();

        sweep.destroy(); // SIGTERM

        assertThat(sweep.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(sweep.exitValue()).isEqualTo(143);
        assertThat(children).hasSize(2);
        awaitEnd(children);
        for (String trial : TRIALS.subList(0, 2)) {
            assertThat(stoppedLog(trial)).contains("checkpoint saved");
            assertThat(folder.resolve("out/" + trial + "/checkpoint/last.ckpt")).exists();
        }
        for (String trial : TRIALS.subList(2, 4)) {
            assertThat(folder.resolve("out/" + trial))
                    .as(trial + " never started")
                    .doesNotExist();
        }
        assertThat(folder.resolve("out/comparison.md")).doesNotExist();
    }

    @Test
    void trialsWhoseSweepIsKilledCheckpointAndStopOnTheirOwn() throws Exception {
        Process sweep = sweepTrainingTwoTrials();
        List<ProcessHandle> children = sweep.children().toList();

        sweep.destroyForcibly(); // kill -9: the sweep can stop nothing

        assertThat(children).hasSize(2);
        awaitEnd(children);
        for (String trial : TRIALS.subList(0, 2)) {
            assertThat(stoppedLog(trial))
                    .contains("the sweep that started this trial (PID " + sweep.pid() + ") is gone")
                    .contains("checkpoint saved");
            assertThat(folder.resolve("out/" + trial + "/checkpoint/last.ckpt")).exists();
        }
        try (Stream<Path> started = Files.list(folder.resolve("out"))) {
            assertThat(started.map(p -> p.getFileName().toString())).doesNotContain("seed=3", "seed=4");
        }
        assertThat(ParentWatch.EXIT_CODE).isEqualTo(143);
    }
}
