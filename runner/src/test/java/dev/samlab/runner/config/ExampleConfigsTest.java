package dev.samlab.runner.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.runner.plugins.PluginDiscovery;
import dev.samlab.runner.sweep.SweepFile;
import dev.samlab.runner.sweep.Trial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every shipped example config binds: a renamed key or plugin breaks the build, not a user's first run. */
class ExampleConfigsTest {

    @Test
    void everyExampleConfigLoads() throws IOException {
        ConfigLoader loader =
                new ConfigLoader(PluginDiscovery.discover(getClass().getClassLoader(), null));
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
            examples =
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }

        assertThat(examples).hasSizeGreaterThanOrEqualTo(7);
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
        List<Path> sweeps;
        try (Stream<Path> files = Files.list(Path.of("..", "examples", "sweeps"))) {
            sweeps = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }

        assertThat(sweeps).isNotEmpty();
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
