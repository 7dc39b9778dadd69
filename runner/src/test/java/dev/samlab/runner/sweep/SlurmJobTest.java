package dev.samlab.runner.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.runner.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmJobTest {

    @TempDir
    Path folder;

    private SlurmJob slurm(String section) throws IOException {
        Path file =
                Files.writeString(folder.resolve("sweep.yaml"), "base: b.yaml\naxes: { seed: [1] }\nslurm: " + section);
        return SweepFile.read(file).slurm();
    }

    private static String script(SlurmJob job, String name, Path logs) {
        return job.script(name, List.of(new Trial(0, Map.of(), List.of())), logs, List.of("java"));
    }

    @Test
    void slurmValuesAsSbatchWritesThemAreAcceptedAndWrittenVerbatim() throws IOException {
        String script = script(
                slurm("{ partition: \"gpu,gpu-long\", time: 1-12:00, memory: 32G, cpus: 8, gpus: 2, parallel: 4 }"),
                "s",
                folder);

        assertThat(script)
                .contains("#SBATCH --array=0%4\n")
                .contains("#SBATCH --partition=gpu,gpu-long\n#SBATCH --time=1-12:00\n#SBATCH --cpus-per-task=8\n")
                .contains("#SBATCH --gres=gpu:2\n#SBATCH --mem=32G\n");
        for (String time : List.of("90", "\"90:30\"", "\"12:00:00\"", "12:00:00", "2-0", "1-12:00:00", "UNLIMITED")) {
            assertThat(script(slurm("{ time: " + time + " }"), "s", folder))
                    .contains("#SBATCH --time=" + time.replace("\"", "") + "\n");
        }
        assertThat(script(slurm("{ memory: 16000 }"), "s", folder)).contains("#SBATCH --mem=16000\n");
    }

    @Test
    void aValueThatSbatchWouldNotTakeIsRefusedNamingItsKeyShowingItEscapedAndSayingWhatIsExpected() {
        String file = folder.resolve("sweep.yaml") + ": slurm.";
        assertThatThrownBy(() -> slurm("{ partition: \"gpu\\nrm -rf $HOME\" }"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + "partition: expected a partition name (letters, digits, _ - .) or a comma-separated"
                        + " list of them, such as gpu or gpu,cpu, got \"gpu\\nrm -rf $HOME\"");
        assertThatThrownBy(() -> slurm("{ partition: [gpu, cpu] }"))
                .hasMessageStartingWith(file + "partition: expected a partition name")
                .hasMessageEndingWith("got [\"gpu\",\"cpu\"]");
        assertThatThrownBy(() -> slurm("{ time: \"12:00:00; reboot\" }"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + "time: expected a time limit as Slurm writes one: minutes, MM:SS, HH:MM:SS, D-HH,"
                        + " D-HH:MM or D-HH:MM:SS (such as \"12:00:00\" or 1-12:00), got \"12:00:00; reboot\"");
        assertThatThrownBy(() -> slurm("{ memory: \"$(whoami)G\" }"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + "memory: expected a whole number with an optional K, M, G or T suffix (megabytes"
                        + " without one), such as 32G, got \"$(whoami)G\"");
        assertThatThrownBy(() -> slurm("{ cpus: 8.5 }"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + "cpus: expected a whole number ≥ 1, got 8.5");
        assertThatThrownBy(() -> slurm("{ gpus: \"1`id`\" }"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + "gpus: expected a whole number ≥ 0, got \"1`id`\"");
        assertThatThrownBy(() -> slurm("{ parallel: \"4'\" }"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + "parallel: expected a whole number ≥ 1, got \"4'\"");
        assertThatThrownBy(() -> slurm("{ setup: \"module load java/17\" }"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + "setup: expected a list of shell lines, such as [\"module load java/17\"], got"
                        + " \"module load java/17\"");
        assertThatThrownBy(() -> slurm("{ setup: [{ module: load }] }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + "setup: expected a list of shell lines");
    }

    @Test
    void setupIsShellOnPurposeAndWrittenAsItIs() throws IOException {
        assertThat(script(slurm("{ setup: [\"module load java/17\", \"export X=$(hostname)\"] }"), "s", folder))
                .contains("set -euo pipefail\nmodule load java/17\nexport X=$(hostname)\nexport OMP_NUM_THREADS=1\n");
    }

    @Test
    void theJobNameAndTheLogFolderCannotEndTheirSbatchLines() throws IOException {
        SlurmJob job = slurm("{}");
        Path logs = folder.resolve("my runs/50% #1");

        String script = script(job, "lr sweep\nrm -rf $HOME", logs);

        assertThat(script)
                .contains("#SBATCH --job-name=lr_sweep_rm_-rf__HOME\n")
                .contains("#SBATCH --output=\"" + folder + "/my runs/50%% #1/%a.log\"\n");
        assertThatThrownBy(() -> script(job, "s", folder.resolve("a\nrm -rf $HOME")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--out: Slurm cannot write logs into \"" + folder
                        + "/a\\nrm -rf $HOME\": its path holds a line break, another control character or a backslash;"
                        + " choose another folder with --out");
    }
}
