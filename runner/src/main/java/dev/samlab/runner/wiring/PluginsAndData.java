package dev.samlab.runner.wiring;

import dev.samlab.runner.data.DataOptions;
import dev.samlab.runner.plugins.PluginOptions;
import dev.samlab.runner.train.TrainedRun;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;

/** The options of commands that build runs (picocli mixin): the plugins ({@code --plugins}) and where datasets are. */
public final class PluginsAndData {

    @Mixin
    private PluginOptions plugins;

    @Mixin
    private DataOptions data;

    private Assembly assembly;

    /** How this command builds runs, from the plugins found (discovered once per command). */
    public Assembly assembly() {
        if (assembly == null) {
            assembly = new Assembly(plugins.discover(), data.context());
        }
        return assembly;
    }

    /** A run folder (or a checkpoint) with its own dataset section, or {@code datasetOverride} if given. */
    public TrainedRun load(Path run, String datasetOverride) throws IOException {
        return assembly().load(run, datasetOverride);
    }
}
