package dev.samlab.runner.cli;

import dev.samlab.api.data.DataContext;
import dev.samlab.runner.plugins.PluginOptions;
import dev.samlab.runner.plugins.PluginRegistry;
import dev.samlab.runner.train.TrainedRun;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;

/** What commands that train or read runs share: the plugins ({@code --plugins}) and where datasets are. */
final class PluginsAndData {

    @Mixin
    private PluginOptions plugins;

    @Mixin
    private DataOptions data;

    private PluginRegistry registry;

    /** The plugins found, discovered once per command. */
    PluginRegistry registry() {
        if (registry == null) {
            registry = plugins.discover();
        }
        return registry;
    }

    DataContext dataContext() {
        return data.context();
    }

    /** A run folder (or a checkpoint in one) with its own dataset section, or {@code datasetOverride} if given. */
    TrainedRun load(Path run, String datasetOverride) throws IOException {
        return TrainedRun.load(run, datasetOverride, registry(), dataContext());
    }
}
