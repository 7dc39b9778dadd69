package dev.samlab.runner.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.runner.plugins.PluginDiscovery;
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
}
