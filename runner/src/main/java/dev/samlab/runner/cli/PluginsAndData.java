package dev.samlab.runner.cli;

import dev.samlab.runner.plugins.PluginOptions;
import dev.samlab.runner.train.TrainedRun;
import dev.samlab.runner.wiring.Assembly;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;

/** What commands that train or read runs share: the plugins ({@code --plugins}) and where datasets are. */
final class PluginsAndData {

    @Mixin
    private PluginOptions plugins;

    @Mixin
    private DataOptions data;

    private Assembly assembly;

    /** How this command builds runs, from the plugins found (discovered once per command). */
    Assembly assembly() {
        if (assembly == null) {
            assembly = new Assembly(plugins.discover(), data.context());
        }
        return assembly;
    }

    /** A run folder (or a checkpoint) with its own dataset section, or {@code datasetOverride} if given. */
    TrainedRun load(Path run, String datasetOverride) throws IOException {
        return assembly().load(run, datasetOverride);
    }
}
