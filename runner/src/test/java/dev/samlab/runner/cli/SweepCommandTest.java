package dev.samlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.samlab.runner.sweep.LocalExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {

    @TempDir
    Path folder;

    private Path sweepFile() throws IOException {
        Files.writeString(folder.resolve("base.yaml"), """
                name: base
                model:     { name: mlp, hidden: [16] }
                dataset:   { name: synthetic, trainSize: 200, testSize: 100 }
                optimizer: { name: adam, lr: 0.01 }
                training:  { epochs: 1, batchSize: 50 }
                """);
        return Files.writeString(folder.resolve("lr.yaml"), """
                base: base.yaml
                set: { training.epochs: 2 }
                axes:
                  optimizer.lr: [0.001, 0.01]
                  seed: [1, 2]
                """);
    }

    private CommandLineRun sweep(Path file, String... more) {
        String[] command = new String[4 + more.length];
        command[0] = "sweep";
        command[1] = file.toString();
        command[2] = "--out=" + folder.resolve("out");
        command[3] = "--plugins=" + folder.resolve("none");
        System.arraycopy(more, 0, command, 4, more.length);
        return CommandLineRun.of(command);
    }

    @Test
    void runsEveryTrialAsARunFolderThenReportsAndSkipsThemNextTime() throws IOException {
        Path file = sweepFile();

        CommandLineRun first = sweep(file);

        assertThat(first.exitCode()).as(first.err()).isZero();
        Path out = folder.resolve("out");
        for (String trial : new String[] {
            "optimizer.lr=0.001,seed=1",
            "optimizer.lr=0.001,seed=2",
            "optimizer.lr=0.01,seed=1",
            "optimizer.lr=0.01,seed=2"
        }) {
            assertThat(Files.readAllLines(out.resolve(trial).resolve("metrics.csv")))
                    .as(trial)
                    .hasSize(3);
        }
        assertThat(Files.readString(out.resolve("optimizer.lr=0.01,seed=2/config.yaml")))
                .contains("seed: 2")
                .contains("lr: 0.01")
                .contains("epochs: 2");
        assertThat(Files.readString(out.resolve("comparison.md")))
                .containsPattern("\\| optimizer.lr=0.001 \\| 1, 2 \\| \\d+\\.\\d\\d ± \\d+\\.\\d\\d % \\|")
                .containsPattern("\\| optimizer.lr=0.01 \\| 1, 2 \\| \\d+\\.\\d\\d ± \\d+\\.\\d\\d % \\|");
        String report = Files.readString(out.resolve("sweep.md"));
        assertThat(report)
                .contains("## optimizer.lr")
                .containsPattern("\\| 0.001 \\| 2 \\| \\d+\\.\\d\\d ± \\d+\\.\\d\\d % \\| first \\|")
                .containsPattern(
                        "\\| 0.01 \\| 2 \\| \\d+\\.\\d\\d ± \\d+\\.\\d\\d % \\| [-+]\\d+\\.\\d\\d \\[[-+][\\d.]+, [-+][\\d.]+\\] \\|")
                .containsPattern("\\| 3 \\| optimizer.lr=0.01,seed=2 \\| \\d+\\.\\d\\d % \\| 2 \\|")
                .doesNotContain("## seed");
        assertThat(ImageIO.read(out.resolve("sweep-optimizer.lr.png").toFile()).getWidth())
                .isEqualTo(640);

        CommandLineRun status = sweep(file, "--status");
        CommandLineRun again = sweep(file);

        assertThat(status.out()).containsPattern("(?m)^  2  finished\\s+optimizer.lr=0.01,seed=1$");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out())
                .contains("optimizer.lr=0.001,seed=1: already finished in")
                .contains("skipped");
        assertThat(Files.readString(out.resolve("sweep.md"))).isEqualTo(report);
    }

    @Test
    void aSweepNamedSoItsFolderWouldClimbOutIsRefusedAndWritesNothing() throws IOException {
        sweepFile();
        Path dots = Files.copy(folder.resolve("lr.yaml"), folder.resolve("...yaml"));

        CommandLineRun run = CommandLineRun.of("sweep", dots.toString(), "--plugins=" + folder.resolve("none"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("...yaml: expected a plain folder name")
                .contains("got '..' (the sweep's name, from its file name; rename the file)");
        assertThat(Path.of("seed=1")).doesNotExist();
        assertThat(Path.of("comparison.md")).doesNotExist();
    }

    @Test
    void axisKeysThatAreNotConfigKeysAndDuplicateKeysAreRefusedNamingTheKey() throws IOException {
        sweepFile();
        String base = "base: base.yaml\naxes:\n";

        CommandLineRun unknown =
                sweep(Files.writeString(folder.resolve("a.yaml"), base + "  optimizer.lr: [0.1]\n  foo.bar: [1, 2]\n"));
        CommandLineRun climbing = sweep(Files.writeString(folder.resolve("b.yaml"), base + "  \"../x\": [1, 2]\n"));
        CommandLineRun twice = sweep(Files.writeString(folder.resolve("c.yaml"), base + "  seed: [1]\n  seed: [2]\n"));

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err())
                .contains("a.yaml: axes.foo.bar: not a key and value a run config takes: foo: unknown key");
        assertThat(climbing.exitCode()).isEqualTo(2);
        assertThat(climbing.err()).contains("b.yaml: axes.../x: not a key and value a run config takes");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("c.yaml: line 4: Duplicate field 'seed'");
        assertThat(folder.resolve("out")).doesNotExist();
    }

    @Test
    void hugeGridsAreRefusedWithTheirCountBeforeAnyTrialIsBuilt() throws IOException {
        sweepFile();
        StringBuilder million = new StringBuilder("base: base.yaml\naxes:\n");
        StringBuilder tenBillion = new StringBuilder("base: base.yaml\naxes:\n");
        for (int axis = 0; axis < 10; axis++) {
            String values = "  k" + axis + ": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n";
            tenBillion.append(values);
            if (axis < 6) {
                million.append(values);
            }
        }
        Path grid = Files.writeString(folder.resolve("million.yaml"), million.toString());
        Path sampled =
                Files.writeString(folder.resolve("sampled.yaml"), tenBillion + "sample: { trials: 10, seed: 0 }\n");

        for (String[] more : new String[][] {{"--status"}, {"--dry-run", "--executor=slurm"}, {}}) {
            CommandLineRun run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> sweep(grid, more));
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err())
                    .contains("million.yaml: axes: 1,000,000 trials (a grid of 10 × 10 × 10 × 10 × 10 × 10)")
                    .contains("more than the 10,000 a sweep runs");
        }
        CommandLineRun run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> sweep(sampled, "--status"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("a grid of 10 × 10 × 10 × 10 × 10 × 10 × 10 × 10 × 10 × 10 = 10,000,000,000 points");
    }

    @Test
    void oneTrialRunsAloneAndTheStatusShowsTheOthersNotStarted() throws IOException {
        Path file = sweepFile();

        CommandLineRun one = sweep(file, "--trial", "1");
        CommandLineRun status = sweep(file, "--status");
        CommandLineRun outOfRange = sweep(file, "--trial", "4");

        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(folder.resolve("out/optimizer.lr=0.001,seed=2/metrics.csv")).exists();
        assertThat(folder.resolve("out/optimizer.lr=0.001,seed=1")).doesNotExist();
        assertThat(folder.resolve("out/sweep.md")).doesNotExist();
        assertThat(status.out())
                .containsPattern("(?m)^  0  not started\\s+optimizer.lr=0.001,seed=1$")
                .containsPattern("(?m)^  1  finished\\s+optimizer.lr=0.001,seed=2$");
        assertThat(outOfRange.exitCode()).isEqualTo(2);
        assertThat(outOfRange.err()).contains("--trial").contains("expected 0 to 3 (this sweep has 4 trials), got 4");
    }

    @Test
    void runsTrialsInChildProcessesAtOnceWithTheCoresDividedAndReportsWhenAllHaveRun()
            throws IOException, InterruptedException {
        Path file = sweepFile();
        sweep(file, "--trial", "0"); // one finished already: not run again

        CompletableFuture<CommandLineRun> running = CompletableFuture.supplyAsync(() -> sweep(file, "--parallel", "2"));
        long mostChildrenAtOnce = 0;
        while (!running.isDone()) {
            mostChildrenAtOnce = Math.max(
                    mostChildrenAtOnce, ProcessHandle.current().children().count());
            Thread.sleep(20);
        }
        CommandLineRun parallel = running.join();

        assertThat(parallel.exitCode()).as(parallel.err()).isZero();
        assertThat(mostChildrenAtOnce).as("trial processes alive at once").isEqualTo(2);
        Path logs = folder.resolve("out/logs");
        assertThat(logs.resolve("optimizer.lr=0.001,seed=1.log")).doesNotExist();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        for (String trial :
                new String[] {"optimizer.lr=0.001,seed=2", "optimizer.lr=0.01,seed=1", "optimizer.lr=0.01,seed=2"}) {
            assertThat(Files.readString(logs.resolve(trial + ".log")))
                    .as(trial)
                    .containsPattern("trial \\d of 4: " + Pattern.quote(trial) + ", " + threads + " threads")
                    .contains("epoch 2/2 done");
            assertThat(parallel.out()).containsPattern("trial \\d " + Pattern.quote(trial) + ": finished \\(log ");
        }
        assertThat(Files.readString(folder.resolve("out/sweep.md"))).contains("| 3 | optimizer.lr=0.01,seed=2 |");
    }

    @Test
    void theSlurmExecutorPrintsAJobArrayOfTheUnfinishedTrialsThatRunsEachWithItsTrialNumber() throws IOException {
        Path file = sweepFile();
        Files.writeString(
                file,
                Files.readString(file)
                        + "slurm: { partition: gpu, time: \"12:00:00\", cpus: 8, gpus: 1, memory: 32G, parallel: 2,"
                        + " setup: [\"module load java/17\"] }\n");
        sweep(file, "--trial", "2");

        CommandLineRun dryRun = sweep(file, "--executor", "slurm", "--dry-run");
        CommandLineRun neither = sweep(file, "--executor=slurm");

        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        String logs = folder.resolve("out/logs").toAbsolutePath().toString();
        assertThat(dryRun.out())
                .startsWith("#!/bin/bash\n#SBATCH --job-name=lr\n")
                .contains("#SBATCH --array=0,1,3%2\n")
                .contains("#SBATCH --output=" + logs + "/%a.log\n#SBATCH --open-mode=append\n")
                .contains("#SBATCH --partition=gpu\n#SBATCH --time=12:00:00\n#SBATCH --cpus-per-task=8\n")
                .contains("#SBATCH --gres=gpu:1\n#SBATCH --mem=32G\n#SBATCH --requeue\n#SBATCH --signal=B:TERM@120\n")
                .contains("module load java/17\nexport OMP_NUM_THREADS=8\n")
                .containsPattern(
                        "(?m)^exec \\S*java .* dev.samlab.runner.cli.SamLab sweep " + Pattern.quote(file.toString())
                                + " --out=\\S+ --plugins=\\S+ --executor=local --trial \"\\$SLURM_ARRAY_TASK_ID\"$")
                .doesNotContain("--dry-run");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("add --submit to submit the job array, or --dry-run to see its script");
    }

    @Test
    void withSharpnessAndAValidationSplitTheReportShowsLambdaMaxAndTheValidatedAccuracyAgainstEachValue()
            throws IOException {
        Path file = sweepFile();
        Files.writeString(
                file,
                Files.readString(file)
                        .replace("seed: [1, 2]", "seed: [1]")
                        .replace("training.epochs: 2", "training.epochs: 2, training.validation: 50"));

        CommandLineRun run = sweep(file, "--sharpness");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(folder.resolve("out/optimizer.lr=0.01,seed=1/sharpness.json"))
                .exists();
        assertThat(Files.readString(folder.resolve("out/sweep.md")))
                .contains("| value | trials | final test accuracy | Δ | at best validation epoch | Δ | λmax |")
                .containsPattern(
                        "\\| 0.01 \\| 1 \\| \\d+\\.\\d\\d ± 0\\.00 % \\| [-+][\\d.]+ \\(no interval: one seed\\) \\|"
                                + " \\d+\\.\\d\\d ± 0\\.00 % \\| [-+][\\d.]+ \\(no interval: one seed\\) \\| \\d[\\d.e+-]* ± 0\\.0 \\|");
        assertThat(Files.readString(folder.resolve("out/comparison.md"))).contains("| λmax | worst-case sharpness");
        assertThat(ImageIO.read(folder.resolve("out/sweep-optimizer.lr.png").toFile())
                        .getWidth())
                .as("accuracy and λmax side by side")
                .isEqualTo(1280);
    }

    /** {@code samlab sweep FILE --executor=slurm --submit} in a process of its own, with no sbatch on its PATH. */
    private CommandLineRun submitWithoutSlurm(Path file) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(LocalExecutor.javaCommand(SamLab.class));
        command.addAll(List.of(
                "sweep",
                file.toString(),
                "--out=" + folder.resolve("out"),
                "--plugins=" + folder.resolve("none"),
                "--executor=slurm",
                "--submit"));
        ProcessBuilder withoutSlurm = new ProcessBuilder(command).redirectErrorStream(true);
        withoutSlurm
                .environment()
                .put("PATH", Files.createDirectories(folder.resolve("bin")).toString());
        Process submit = withoutSlurm.start();
        String output = new String(submit.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new CommandLineRun(submit.waitFor(), output, output);
    }

    @Test
    void submittingWhereSlurmIsNotInstalledSaysSoAndSubmitsNothing() throws IOException, InterruptedException {
        CommandLineRun submit = submitWithoutSlurm(sweepFile());

        assertThat(submit.exitCode()).as(submit.out()).isEqualTo(2);
        assertThat(submit.out()).contains("cannot run sbatch").contains("is this a Slurm login node?");
        assertThat(folder.resolve("out/sweep.sbatch")).exists();
        assertThat(folder.resolve("out/slurm-jobs.txt")).doesNotExist();
    }

    @Test
    void aSlurmValueThatWouldBeShellIsRefusedBeforeAnyScriptIsWritten() throws IOException, InterruptedException {
        Path file = sweepFile();
        Files.writeString(file, Files.readString(file) + "slurm: { partition: \"gpu\\nrm -rf $HOME\" }\n");

        CommandLineRun submit = submitWithoutSlurm(file);

        assertThat(submit.exitCode()).as(submit.out()).isEqualTo(2);
        assertThat(submit.out())
                .contains("error: " + file + ": slurm.partition: expected a partition name")
                .contains("got \"gpu\\nrm -rf $HOME\"");
        assertThat(folder.resolve("out/sweep.sbatch")).doesNotExist();
    }
}
