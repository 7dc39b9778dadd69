package dev.samlab.runner.train;

import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.DatasetConfig;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.runner.config.ConfigException;
import dev.samlab.runner.config.ConfigLoader;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.data.TrainingData;
import dev.samlab.runner.plugins.PluginFactory;
import dev.samlab.runner.plugins.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A finished (or checkpointed) run, loaded back for analysis: its config, its dataset cut as in training, and its
 * model with the checkpoint's weights.
 *
 * @param folder the run folder
 */
public record TrainedRun(Path folder, RunConfig config, Dataset dataset, TrainingData data, Model model)
        implements AutoCloseable {

    /**
     * @param run             a run folder, or a checkpoint file inside one
     * @param datasetOverride another dataset section to load instead of the run's, or null
     */
    public static TrainedRun load(Path run, String datasetOverride, PluginRegistry registry, DataContext data)
            throws IOException {
        Path folder =
                Files.isDirectory(run) ? run : run.toAbsolutePath().getParent().getParent();
        Path checkpoint = Files.isDirectory(run) ? Checkpoints.fileOf(run) : run;
        if (!Files.exists(checkpoint) || !Files.exists(folder.resolve("config.yaml"))) {
            throw new ConfigException(
                    "RUN",
                    run + " is not a run folder with a checkpoint (expected " + folder.resolve("config.yaml") + " and "
                            + checkpoint + ")");
        }
        ConfigLoader loader = new ConfigLoader(registry);
        RunConfig trained = loader.load(folder.resolve("config.yaml"), List.of());
        RunConfig config = datasetOverride == null
                ? trained
                : new RunConfig(
                        trained.name(),
                        trained.seed(),
                        trained.model(),
                        loader.section(datasetOverride, DatasetConfig.class),
                        trained.optimizer(),
                        trained.training());
        PluginFactory factory = new PluginFactory(registry, data);
        Dataset dataset = factory.dataset(config.dataset());
        Model model = factory.model(
                config.model(),
                new ModelContext(dataset.shape(), dataset.classNames().size(), config.seed()));
        Checkpoints.loadModel(checkpoint, model);
        return new TrainedRun(folder, config, dataset, TrainingData.of(dataset, config), model);
    }

    /** Releases the model's native memory. */
    @Override
    public void close() {
        model.close();
    }
}
