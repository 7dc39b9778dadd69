package dev.samlab.runner.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.runner.plugins.PluginDiscovery;
import dev.samlab.runner.sweep.SweepFile;
import dev.samlab.runner.sweep.Trial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shipped example config and sweep binds (the papers' protocols too): a renamed key or plugin breaks the build,
 * not a user's first run.
 */
class ExampleConfigsTest {

    /** The YAML files of these folders of the repository that are sweeps (they have a base) or run configs. */
    private static List<Path> examples(boolean sweeps, String... folders) throws IOException {
        List<Path> found = new ArrayList<>();
        for (String folder : folders) {
            try (Stream<Path> files = Files.list(Path.of("..", folder))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml"))
                        .sorted()
                        .toList()) {
                    if (Files.readAllLines(file).stream().anyMatch(l -> l.startsWith("base:")) == sweeps) {
                        found.add(file);
                    }
                }
            }
        }
        return found;
    }

    @Test
    void everyExampleConfigLoads() throws IOException {
        ConfigLoader loader =
                new ConfigLoader(PluginDiscovery.discover(getClass().getClassLoader(), null));
        List<Path> examples = examples(
                false,
                "examples",
                "examples/papers",
                "docs/results/cifar10-cpu-budget",
                "docs/results/cifar10-label-noise",
                "docs/results/cifar10-little-data");

        assertThat(examples).hasSizeGreaterThanOrEqualTo(21);
        for (Path example : examples) {
            RunConfig config = loader.load(example, List.of());
            assertThat(config.name())
                    .as(example.toString())
                    .isEqualTo(example.getFileName().toString().replace(".yaml", ""));
        }
    }

    @Test
    void everyTrialOfEveryExampleSweepLoads() throws IOException {
        ConfigLoader loader =
                new ConfigLoader(PluginDiscovery.discover(getClass().getClassLoader(), null));
        List<Path> sweeps = examples(true, "examples/sweeps", "examples/papers");

        assertThat(sweeps).hasSizeGreaterThanOrEqualTo(5);
        for (Path file : sweeps) {
            SweepFile sweep = SweepFile.read(file);
            List<Trial> trials = sweep.trials();
            assertThat(trials).as(file.toString()).hasSizeGreaterThan(1);
            for (Trial trial : trials) {
                assertThat(loader.load(sweep.base(), trial.overrides()).seed())
                        .as(file + " trial " + trial.name())
                        .isEqualTo(Long.parseLong(trial.values().get("seed")));
            }
        }
    }
}
