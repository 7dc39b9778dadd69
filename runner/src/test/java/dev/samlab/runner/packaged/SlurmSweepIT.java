package dev.samlab.runner.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep on a real Slurm, through {@code bin/samlab}: a single-node cluster on localhost runs a 4-trial job array of
 * tiny runs, and the report is gathered once they have; then Slurm requeues a task mid-run, as preemption does, and
 * it resumes from its checkpoint; stopped again ({@code scancel}: SIGTERM, as the time limit sends), {@code --status}
 * says so from {@code sacct}, and resubmitting submits that trial alone, which resumes again and finishes.
 * Skips, saying why, where no cluster can be started (no Slurm installed, not root, daemons already running).
 */
class SlurmSweepIT {

    @TempDir
    static Path clusterFolder;

    private static LocalSlurm slurm;

    @TempDir
    Path home;

    @BeforeAll
    static void startCluster() throws Exception {
        LocalSlurm.Start start = LocalSlurm.start(clusterFolder);
        slurm = start.cluster();
        if (slurm == null) {
            System.out.println("SlurmSweepIT skipped: " + start.whyNot());
        }
        assumeTrue(slurm != null, "no Slurm cluster here: " + start.whyNot());
    }

    @AfterAll
    static void stopCluster() {
        if (slurm != null) {
            slurm.close();
        }
    }

    private Path sweep(String name, String axes, int epochs, int images) throws IOException {
        Files.writeString(home.resolve("base.yaml"), """
                model:     { name: mlp, hidden: [64] }
                dataset:   { name: synthetic, trainSize: %d, testSize: 100 }
                optimizer: { name: adam, lr: 0.01 }
                training:  { epochs: %d, batchSize: 50 }
                """.formatted(images, epochs));
        return Files.writeString(home.resolve(name + ".yaml"), """
                base: base.yaml
                axes: %s
                executor: slurm
                slurm: { cpus: 1, time: "00:10:00", parallel: 2 }
                """.formatted(axes));
    }

    private Launcher.Result samlab(String... arguments) throws Exception {
        return Launcher.run(home, "", slurm.environment(), List.of(arguments));
    }

    @Test
    void aJobArrayRunsEveryTrialAndTheSweepGathersTheirReport() throws Exception {
        Path file = sweep("lr", "{ optimizer.lr: [0.001, 0.01], seed: [1, 2] }", 2, 200);

        Launcher.Result submitted = samlab("sweep", file.toString(), "--submit", "--plugins", "none");

        assertThat(submitted.exitCode()).as(submitted.output()).isZero();
        assertThat(submitted.output()).containsPattern("Submitted batch job \\d+: 4 trials");
        slurm.awaitIdleQueue(240);
        Path out = home.resolve("runs/lr");
        for (int task = 0; task < 4; task++) {
            assertThat(Files.readString(out.resolve("logs/" + task + ".log")))
                    .as("task %d", task)
                    .contains("trial " + task + " of 4")
                    .contains("epoch 2/2 done");
        }
        Launcher.Result gathered = samlab("sweep", file.toString(), "--executor", "local", "--plugins", "none");
        assertThat(gathered.exitCode()).as(gathered.output()).isZero();
        assertThat(gathered.output()).contains("already finished").doesNotContain("epoch 1/2");
        assertThat(Files.readString(out.resolve("sweep.md")))
                .contains("## optimizer.lr")
                .containsPattern("\\| 0.01 \\| 2 \\| \\d+\\.\\d\\d ± \\d+\\.\\d\\d % \\|");
    }

    @Test
    void aTaskRequeuedOrStoppedMidRunResumesFromItsCheckpoint() throws Exception {
        Path file = sweep("long", "{ seed: [1, 2] }", 80, 3000);
        Path metrics = home.resolve("runs/long/seed=2/metrics.csv");
        Path log = home.resolve("runs/long/logs/1.log");

        Launcher.Result submitted = samlab("sweep", file.toString(), "--submit", "--plugins", "none");
        assertThat(submitted.exitCode()).as(submitted.output()).isZero();
        Matcher job = Pattern.compile("Submitted batch job (\\d+)").matcher(submitted.output());
        assertThat(job.find()).as(submitted.output()).isTrue();
        String task = job.group(1) + "_1";
        awaitFile(metrics, lines -> lines.size() >= 3, "trial seed=2 never got through two epochs");
        Launcher.Result running = samlab("sweep", file.toString(), "--status", "--plugins", "none");
        assertThat(running.output()).containsPattern("(?m)^  1  unfinished, \\d+/80\\s+seed=2 \\(Slurm: running\\)$");

        // Slurm requeues it, as preemption does: SIGTERM, back to the queue, started again (now, not in 2 minutes)
        assertThat(slurm.output("scontrol", "requeue", task)).isBlank();
        awaitFile(
                log, lines -> lines.stream().anyMatch(l -> l.contains("DUE TO JOB REQUEUE")), "no requeue in the log");
        assertThat(slurm.await(
                        60,
                        () -> slurm.output("squeue", "-h", "-o", "%T", "-j", task)
                                .contains("PENDING")))
                .as("the requeued task never went back to the queue")
                .isTrue();
        assertThat(slurm.output("scontrol", "update", "JobId=" + task, "StartTime=now"))
                .isBlank();
        awaitFile(
                log,
                lines -> lines.stream().anyMatch(l -> l.contains("resuming at epoch")),
                "the requeued task never resumed");

        slurm.output("scancel", task); // as the time limit does: SIGTERM, then gone
        slurm.awaitIdleQueue(180);
        Launcher.Result status = samlab("sweep", file.toString(), "--status", "--plugins", "none");
        assertThat(status.output())
                .containsPattern("(?m)^  0  finished\\s+seed=1$")
                .containsPattern(
                        "(?m)^  1  unfinished, \\d+/80\\s+seed=2 \\(Slurm: cancelled, see \\S+/logs/1.log\\)$");
        Launcher.Result resubmitted = samlab("sweep", file.toString(), "--submit", "--plugins", "none");
        assertThat(resubmitted.output()).containsPattern("Submitted batch job \\d+: 1 trials");
        assertThat(Files.readString(home.resolve("runs/long/sweep.sbatch"))).contains("#SBATCH --array=1%2");
        slurm.awaitIdleQueue(240);

        // slurmstepd stops copying a cancelled task's output, so its "stopped on request" line never reaches the log
        assertThat(Files.readString(log))
                .contains("CANCELLED")
                .containsPattern("(?s)resuming at epoch (\\d+) .*resuming at epoch (\\d+) ")
                .contains("epoch 80/80 done");
        assertThat(Files.readAllLines(metrics)).hasSize(81);
        Launcher.Result done = samlab("sweep", file.toString(), "--status", "--plugins", "none");
        assertThat(done.output()).containsPattern("(?m)^  1  finished\\s+seed=2$");
    }

    @Test
    void aTrialThatFailsIsShownWithTheExitCodeSacctRecorded() throws Exception {
        Files.writeString(home.resolve("missing.yaml"), """
                model:     { name: mlp, hidden: [8] }
                dataset:   { name: cifar10, root: /nonexistent/cifar, download: false }
                optimizer: { name: adam }
                training:  { epochs: 1 }
                """);
        Path file = Files.writeString(home.resolve("fails.yaml"), """
                base: missing.yaml
                axes: { seed: [1] }
                executor: slurm
                slurm: { cpus: 1, time: "00:05:00" }
                """);

        Launcher.Result submitted = samlab("sweep", file.toString(), "--submit", "--plugins", "none");
        assertThat(submitted.exitCode()).as(submitted.output()).isZero();
        slurm.awaitIdleQueue(120);
        Launcher.Result status = samlab("sweep", file.toString(), "--status", "--plugins", "none");

        assertThat(status.output())
                .containsPattern(
                        "(?m)^  0  not started\\s+seed=1 \\(Slurm: failed, exit code [1-9]\\d*, see \\S+/logs/0.log\\)$");
        assertThat(Files.readString(home.resolve("runs/fails/logs/0.log"))).contains("/nonexistent/cifar");
    }

    private static void awaitFile(Path file, Predicate<List<String>> condition, String otherwise)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!(Files.exists(file) && condition.test(Files.readAllLines(file)))) {
            assertThat(System.nanoTime()).as(otherwise).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
