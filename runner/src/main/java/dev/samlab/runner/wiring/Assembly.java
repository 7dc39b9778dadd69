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
import dev.samlab.runner.plugins.PluginKind;
import dev.samlab.runner.plugins.PluginRegistry;
import dev.samlab.runner.train.Checkpoints;
import dev.samlab.runner.train.RunLock;
import dev.samlab.runner.train.RunManifest;
import dev.samlab.runner.train.TrainedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(Assembly.class);

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
     * the injector, and its splits cut: its files may have to be downloaded (once), and Guice would retry a failed
     * provider for each binding that needs it.
     */
    public Injector onDataset(RunConfig config, Module... more) throws IOException {
        PluginFactory plugins = new PluginFactory(registry, data);
        Dataset dataset = plugins.dataset(config.dataset());
        TrainingData splits = TrainingData.of(dataset, config);
        ModelContext context =
                new ModelContext(dataset.shape(), dataset.classNames().size(), config.seed());
        return injector(
                new PartsModule(config, plugins, context, Optional.of(new PartsModule.Data(dataset, splits))), more);
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
     * A finished (or checkpointed) run, loaded back for analysis with the checkpoint's weights, holding its run
     * folder's shared {@link RunLock}. A checkpoint carries its config, so a lone checkpoint file can be loaded away
     * from any run folder: its dataset is then read from local files only, never downloaded from a source the file
     * names.
     *
     * @param run             a run folder, a checkpoint file inside one ({@code RUN/checkpoint/last.ckpt}), or a lone
     *                        checkpoint file
     * @param datasetOverride another dataset section to load instead of the run's, or null
     */
    public TrainedRun load(Path run, String datasetOverride) throws IOException {
        Path checkpoint = Files.isDirectory(run) ? Checkpoints.fileOf(run) : run;
        Optional<Path> runFolder = Files.isDirectory(run) ? Optional.of(run) : runFolderOf(checkpoint);
        RunLock lock = runFolder.isPresent() && Files.isDirectory(runFolder.get())
                ? RunLock.share(runFolder.get(), "RUN")
                : RunLock.NONE;
        try {
            RunConfig trained;
            try {
                trained = trainedConfig(run, checkpoint, runFolder);
            } catch (ConfigException e) {
                throw withMissingPlugins(e, checkpoint);
            }
            RunConfig config = datasetOverride == null
                    ? trained
                    : new RunConfig(
                            trained.name(),
                            trained.seed(),
                            trained.model(),
                            loader.section(datasetOverride, DatasetConfig.class),
                            trained.optimizer(),
                            trained.training());
            String sha256 = Checkpoints.sha256Of(checkpoint);
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
            return new TrainedRun(
                    runFolder.orElse(Path.of("")),
                    runFolder.isEmpty(),
                    sha256,
                    config,
                    parts.getInstance(Dataset.class),
                    parts.getInstance(TrainingData.class),
                    model,
                    lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * The config a checkpoint was trained with. In a run folder it must be the folder's own config.yaml: a checkpoint
     * copied in from another run is refused rather than measured under this run's name. A lone checkpoint's carried
     * dataset section loses its download source ({@code download: false}, no {@code mirror}).
     */
    private RunConfig trainedConfig(Path run, Path checkpoint, Optional<Path> runFolder) throws IOException {
        Optional<String> carried = Files.exists(checkpoint) ? Checkpoints.configOf(checkpoint) : Optional.empty();
        Optional<Path> configFile = runFolder.map(f -> f.resolve("config.yaml")).filter(Files::exists);
        if (!Files.exists(checkpoint) || (carried.isEmpty() && configFile.isEmpty())) {
            throw new ConfigException(
                    "RUN",
                    run + " is not a run folder with a checkpoint (expected "
                            + runFolder
                                    .map(f -> f.resolve("config.yaml") + " and ")
                                    .orElse("") + checkpoint + ")");
        }
        if (carried.isEmpty()) {
            return loader.load(configFile.get(), List.of());
        }
        if (configFile.isPresent()) {
            List<String> differing = loader.differingKeys(Files.readString(configFile.get()), carried.get());
            if (!differing.isEmpty()) {
                throw new ConfigException(
                        "RUN",
                        checkpoint + " was trained with another config than its run folder's " + configFile.get()
                                + " (they differ in " + String.join(", ", differing) + "): it is not this run's"
                                + " checkpoint; measure it as a lone file, or put back the run's own");
            }
            return loader.parse(carried.get(), checkpoint, List.of());
        }
        LOG.warn(
                "{} is a lone checkpoint: its dataset is read from local files only, never downloaded from a source"
                        + " it names; give --dataset to choose the data",
                checkpoint);
        return loader.parseWithoutDownloads(carried.get(), checkpoint);
    }

    /** A checkpoint names the plugins that built it: any not installed here is named, with its jar. */
    private ConfigException withMissingPlugins(ConfigException error, Path checkpoint) throws IOException {
        List<String> missing = Files.exists(checkpoint)
                ? Checkpoints.manifestOf(checkpoint).map(RunManifest::plugins).orElse(List.of()).stream()
                        .filter(used -> Arrays.stream(PluginKind.values())
                                .filter(kind -> kind.label().equals(used.kind()))
                                .allMatch(
                                        kind -> registry.find(kind, used.name()).isEmpty()))
                        .map(RunManifest.PluginUse::toString)
                        .toList()
                : List.of();
        return missing.isEmpty()
                ? error
                : error.withHint(checkpoint + " was built with " + String.join(", ", missing)
                        + ", not installed here: put that jar into the plugins folder, or name its folder with"
                        + " --plugins DIR");
    }

    /**
     * A run keeps its checkpoint as checkpoint/last.ckpt beside its config.yaml; a checkpoint anywhere else is a lone
     * file, whatever its folder is called.
     */
    private static Optional<Path> runFolderOf(Path checkpoint) {
        Path absolute = checkpoint.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        boolean inRun = parent != null
                && parent.getParent() != null
                && absolute.equals(Checkpoints.fileOf(parent.getParent()))
                && Files.exists(parent.getParent().resolve("config.yaml"));
        return inRun ? Optional.of(parent.getParent()) : Optional.empty();
    }

    private static Injector injector(PartsModule parts, Module... more) {
        return Guice.createInjector(
                Stage.PRODUCTION,
                Stream.concat(Stream.of(parts), Stream.of(more)).toList());
    }
}
