package dev.samlab.runner.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.runner.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepFileTest {

    @TempDir
    Path folder;

    private SweepFile sweep(String text) throws IOException {
        return SweepFile.read(Files.writeString(folder.resolve("rho-sweep.yaml"), text));
    }

    @Test
    void expandsTheGridInFileOrderWithTheLastAxisFastestAndNamesTrialsByTheirValues() throws IOException {
        SweepFile sweep = sweep("""
                base: configs/sam.yaml
                set: { training.epochs: 20 }
                axes:
                  optimizer.rho: [0.01, 0.05]
                  seed: [1, 2, 3]
                """);

        List<Trial> trials = sweep.trials();

        assertThat(sweep.name()).isEqualTo("rho-sweep");
        assertThat(sweep.base()).isEqualTo(folder.toAbsolutePath().resolve("configs/sam.yaml"));
        assertThat(trials)
                .extracting(Trial::name)
                .containsExactly(
                        "optimizer.rho=0.01,seed=1",
                        "optimizer.rho=0.01,seed=2",
                        "optimizer.rho=0.01,seed=3",
                        "optimizer.rho=0.05,seed=1",
                        "optimizer.rho=0.05,seed=2",
                        "optimizer.rho=0.05,seed=3");
        assertThat(trials).extracting(Trial::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(trials.get(4).overrides()).containsExactly("training.epochs=20", "optimizer.rho=0.05", "seed=2");
        assertThat(trials.get(4).configuration()).isEqualTo("optimizer.rho=0.05");
    }

    @Test
    void aWholeSectionIsOneValueNamedByItsKeysAndPassedAsYaml() throws IOException {
        List<Trial> trials = sweep("""
                base: sam.yaml
                axes:
                  optimizer:
                    - { name: sam, rho: 0.05, base: { name: sgd, lr: 0.1 } }
                    - { name: asam, rho: 1.0 }
                """).trials();

        assertThat(trials)
                .extracting(Trial::name)
                .containsExactly("optimizer=name-sam_rho-0.05_base-name-sgd_lr-0.1", "optimizer=name-asam_rho-1.0");
        assertThat(trials.get(1).overrides()).containsExactly("optimizer={\"name\":\"asam\",\"rho\":1.0}");
        assertThat(trials.get(1).configuration()).isEqualTo("optimizer=name-asam_rho-1.0");
    }

    @Test
    void aSampleDrawsTheSameTrialsForTheSameSeedAndKeepsGridOrder() throws IOException {
        String text = """
                base: sam.yaml
                axes:
                  optimizer.rho: [0.01, 0.02, 0.05, 0.1, 0.2]
                  seed: [1, 2, 3]
                sample: { trials: 4, seed: %d }
                """;
        List<String> first =
                sweep(text.formatted(7)).trials().stream().map(Trial::name).toList();
        List<String> again =
                sweep(text.formatted(7)).trials().stream().map(Trial::name).toList();
        List<String> other =
                sweep(text.formatted(8)).trials().stream().map(Trial::name).toList();
        List<String> grid = sweep(text.formatted(7).replaceAll("sample:.*\n", "")).trials().stream()
                .map(Trial::name)
                .toList();

        assertThat(first).hasSize(4).isEqualTo(again).isNotEqualTo(other).isSubsetOf(grid);
        assertThat(first).isSortedAccordingTo((a, b) -> Integer.compare(grid.indexOf(a), grid.indexOf(b)));
        assertThat(sweep(text.formatted(7)).trials()).extracting(Trial::index).containsExactly(0, 1, 2, 3);
    }

    @Test
    void badSweepFilesAreRefusedNamingTheField() throws IOException {
        assertThatThrownBy(() -> sweep("base: sam.yaml\naxes: {}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("axes")
                .hasMessageContaining("at least one key");
        assertThatThrownBy(() -> sweep("base: sam.yaml\naxis: { seed: [1] }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("axis")
                .hasMessageContaining("unknown key; a sweep file has base, set, axes, sample");
        assertThatThrownBy(() -> sweep("axes: { seed: [1] }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("base");
        assertThatThrownBy(() -> sweep("base: sam.yaml\naxes: { seed: 1 }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("axes.seed")
                .hasMessageContaining("non-empty list");
        assertThatThrownBy(() -> sweep("base: sam.yaml\naxes: { dataset.name: [\"a b\", \"ab\"] }\n")
                        .trials())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("two trials would share the folder dataset.name=ab");
        assertThatThrownBy(() -> sweep("base: sam.yaml\naxes: { seed: [1] }\nslurm: { gpu: 1 }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("slurm.gpu")
                .hasMessageContaining("unknown key; slurm has cpus, gpus, memory, parallel, partition, setup, time");
        assertThatThrownBy(() -> sweep("base: sam.yaml\naxes: { seed: [1] }\nslurm: { cpus: 0 }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("slurm.cpus")
                .hasMessageContaining("expected a whole number ≥ 1, got 0");
        assertThatThrownBy(() -> sweep("base: sam.yaml\naxes: { seed: [1] }\nexecutor: k8s\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("executor")
                .hasMessageContaining("expected local or slurm, got k8s");
        assertThatThrownBy(() -> SweepFile.read(folder.resolve("missing.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no such sweep file");
    }
}
