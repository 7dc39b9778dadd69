package dev.samlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.runner.train.RunLock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Measurements share a run folder's lock, training holds it alone: neither replaces what the other reads. */
class AnalysisLockTest {

    @TempDir
    Path folder;

    /** Another process that holds the folder's lock, shared or exclusive, until its input closes. */
    public static void main(String[] arguments) throws IOException {
        Path run = Path.of(arguments[1]);
        try (RunLock lock = arguments[0].equals("share") ? RunLock.share(run, "RUN") : RunLock.acquire(run)) {
            System.out.println("held");
            System.out.flush();
            System.in.read();
        }
    }

    private Process holding(String mode, Path run) throws IOException {
        Process holder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        AnalysisLockTest.class.getName(),
                        mode,
                        run.toString())
                .redirectErrorStream(true)
                .start();
        String line =
                new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).isEqualTo("held");
        return holder;
    }

    @Test
    void trainingWaitsForMeasurementsAndMeasurementsForTraining() throws Exception {
        Path config = Files.writeString(folder.resolve("run.yaml"), TrainCommandTest.SYNTHETIC_RUN);
        Path run = CommandLineRun.train(config, folder.resolve("run"));
        byte[] checkpoint = Files.readAllBytes(run.resolve("checkpoint/last.ckpt"));
        String plugins = "--plugins=" + folder.resolve("none");

        Process measuring = holding("share", run);
        CommandLineRun replace =
                CommandLineRun.of("train", config.toString(), "--out", run.toString(), "--force", plugins);
        CommandLineRun alsoMeasuring = CommandLineRun.of("eval", run.toString(), plugins);
        measuring.destroy();
        measuring.waitFor();

        assertThat(replace.exitCode()).isEqualTo(2);
        assertThat(replace.err())
                .contains(run + " is being measured by another SamLab process (eval, sharpness or landscape)");
        assertThat(run.resolve("checkpoint/last.ckpt")).hasBinaryContent(checkpoint);
        assertThat(alsoMeasuring.exitCode())
                .as("measurements share the folder: " + alsoMeasuring.err())
                .isZero();

        Process training = holding("acquire", run);
        CommandLineRun sharpness = CommandLineRun.of("sharpness", run.toString(), plugins);
        CommandLineRun landscape = CommandLineRun.of("landscape", run.toString(), plugins);
        training.destroy();
        training.waitFor();

        for (CommandLineRun refused : new CommandLineRun[] {sharpness, landscape}) {
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err())
                    .contains(
                            "RUN: " + run + " is being trained by another SamLab process (PID " + training.pid() + ")");
        }
        assertThat(run.resolve("sharpness.json")).doesNotExist();
    }
}
