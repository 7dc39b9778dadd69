package dev.samlab.runner.plugins;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The {@code --plugins} option (a picocli mixin) shared by every command that needs plugins. */
public final class PluginOptions {

    private static final Logger LOG = LoggerFactory.getLogger(PluginOptions.class);

    @Option(
            names = "--plugins",
            paramLabel = "DIR",
            description = "Folder of plugin jars to load besides the built-in plugins (default: ${DEFAULT-VALUE}).")
    Path folder = Path.of(System.getProperty("user.home"), ".samlab", "plugins");

    public PluginRegistry discover() {
        PluginRegistry registry = PluginDiscovery.discover(PluginOptions.class.getClassLoader(), folder);
        registry.warnings().forEach(warning -> LOG.warn("plugin skipped: {}", warning));
        return registry;
    }
}
