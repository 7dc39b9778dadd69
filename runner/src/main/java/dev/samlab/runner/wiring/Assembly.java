package dev.samlab.runner.wiring;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.DatasetConfig;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelConfig;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.runner.config.ConfigException;
import dev.samlab.runner.config.ConfigLoader;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.config.TrainingConfig;
import dev.samlab.runner.data.TrainingData;
import dev.samlab.runner.plugins.PluginFactory;
import dev.samlab.runner.plugins.PluginRegistry;
import dev.samlab.runner.train.Checkpoints;
import dev.samlab.runner.train.RunManifest;
import dev.samlab.runner.train.TrainedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one way every command builds what it runs: an injector over a run's config, whose model and optimizer
 * their plugins build ({@link PartsModule}). {@code train} and {@code compare} add the run's outputs
 * ({@link OutputsModule}); {@code eval}, {@code sharpness} and {@code landscape} {@linkplain #load load} a trained
 * run; benchmarks build on inputs of a fixed shape. Every config error surfaces while the injector is created,
 * before any file is touched. Whoever takes the model closes it: it holds native memory.
 */
public final class Assembly {

    private final PluginRegistry registry;
    private final DataContext data;
    private final ConfigLoader loader;

    /** @param data where datasets look for their files */
    public Assembly(PluginRegistry registry, DataContext data) {
        this.registry = registry;
        this.data = data;
        this.loader = new ConfigLoader(registry);
    }

    /** For commands that build no dataset. */
    public static Assembly withoutData(PluginRegistry registry) {
        return new Assembly(registry, new DataContext(List.of(), Path.of(".")));
    }

    public ConfigLoader loader() {
        return loader;
    }

    /**
     * A run's parts on its dataset, with {@code more} for what the command adds. The dataset is built first, outside
     * the injector: its files may have to be downloaded (once), and Guice would retry a failed provider for each
     * binding that needs it.
     */
    public Injector onDataset(RunConfig config, Module... more) {
        PluginFactory plugins = new PluginFactory(registry, data);
        Dataset dataset = plugins.dataset(config.dataset());
        ModelContext context =
                new ModelContext(dataset.shape(), dataset.classNames().size(), config.seed());
        return injector(new PartsModule(config, plugins, context, Optional.of(dataset)), more);
    }

    /**
     * A model and an optimizer for random inputs of CIFAR's shape (3×32×32, 10 classes), without a dataset: what the
     * benchmarks time.
     *
     * @param model     the model section, as YAML
     * @param optimizer the optimizer section, as YAML
     */
    public Injector onRandomInputs(String model, String optimizer, int batchSize) {
        RunConfig config = new RunConfig(
                "bench",
                42L,
                loader.section(model, ModelConfig.class),
                null,
                loader.section(optimizer, OptimizerConfig.class),
                TrainingConfig.ofBatchSize(batchSize));
        ModelContext cifarShaped = new ModelContext(new ImageShape(3, 32, 32), 10, config.seed());
        return injector(new PartsModule(config, new PluginFactory(registry, data), cifarShaped, Optional.empty()));
    }

    /**
     * A finished (or checkpointed) run, loaded back for analysis with the checkpoint's weights. A checkpoint file
     * carries its config, so it can be loaded away from its run folder.
     *
     * @param run             a run folder, or a checkpoint file
     * @param datasetOverride another dataset section to load instead of the run's, or null
     */
    public TrainedRun load(Path run, String datasetOverride) throws IOException {
        Path checkpoint = Files.isDirectory(run) ? Checkpoints.fileOf(run) : run;
        Path folder = Files.isDirectory(run) ? run : folderOf(checkpoint);
        Optional<String> carried = Files.exists(checkpoint) ? Checkpoints.configOf(checkpoint) : Optional.empty();
        Path configFile = folder.resolve("config.yaml");
        if (!Files.exists(checkpoint) || (carried.isEmpty() && !Files.exists(configFile))) {
            throw new ConfigException(
                    "RUN",
                    run + " is not a run folder with a checkpoint (expected " + configFile + " and " + checkpoint
                            + ")");
        }
        RunConfig trained = carried.isPresent()
                ? loader.parse(carried.get(), checkpoint, List.of())
                : loader.load(configFile, List.of());
        RunConfig config = datasetOverride == null
                ? trained
                : new RunConfig(
                        trained.name(),
                        trained.seed(),
                        trained.model(),
                        loader.section(datasetOverride, DatasetConfig.class),
                        trained.optimizer(),
                        trained.training());
        Injector parts = onDataset(config);
        Checkpoints.warnOfChanges(
                checkpoint,
                RunManifest.of(parts.getInstance(PluginFactory.class).used()));
        Model model = parts.getInstance(Model.class);
        try {
            Checkpoints.loadModel(checkpoint, model);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        Dataset dataset = parts.getInstance(Dataset.class);
        return new TrainedRun(folder, config, dataset, TrainingData.of(dataset, config), model);
    }

    /** checkpoint/last.ckpt lives two folders down from its run; a file elsewhere is its own folder's. */
    private static Path folderOf(Path checkpoint) {
        Path parent = checkpoint.toAbsolutePath().getParent();
        boolean inRun =
                parent.getFileName() != null && parent.getFileName().toString().equals("checkpoint");
        return inRun ? parent.getParent() : parent;
    }

    private static Injector injector(PartsModule parts, Module... more) {
        return Guice.createInjector(
                Stage.PRODUCTION,
                Stream.concat(Stream.of(parts), Stream.of(more)).toList());
    }
}
