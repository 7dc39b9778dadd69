package dev.samlab.runner.plugins;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.DatasetConfig;
import dev.samlab.api.data.DatasetProvider;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelConfig;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.ModelProvider;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.runner.io.HeapFullException;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds plugin instances from bound config records, reporting a plugin's {@link InvalidConfigException} under
 * the full key path of the section it was configured from ({@code lr} of the base becomes {@code optimizer.base.lr})
 * and any other failure of a plugin as a {@link PluginFailedException} naming it, and remembers which plugins it used,
 * so that a checkpoint can name them.
 */
public final class PluginFactory {

    private final PluginRegistry registry;
    private final DataContext dataContext;
    private final Set<Plugin> used = new LinkedHashSet<>();

    @Inject
    public PluginFactory(PluginRegistry registry, DataContext dataContext) {
        this.registry = registry;
        this.dataContext = dataContext;
    }

    /** The plugins this factory has built something with, in the order it first used them. */
    public List<Plugin> used() {
        return List.copyOf(used);
    }

    public Dataset dataset(DatasetConfig config) {
        return create(
                PluginKind.DATASET,
                "dataset",
                config,
                (DatasetProvider<DatasetConfig> provider) -> provider.create(config, dataContext));
    }

    public Model model(ModelConfig config, ModelContext context) {
        return create(
                PluginKind.MODEL,
                "model",
                config,
                (ModelProvider<ModelConfig> provider) -> provider.create(config, context));
    }

    /**
     * @param batchSize the training batch size, which some optimizers check their settings against
     * @param seed      the run's seed, for optimizers that draw at random
     */
    public Optimizer optimizer(OptimizerConfig config, int batchSize, long seed) {
        return optimizer("optimizer", config, batchSize, seed);
    }

    private Optimizer optimizer(String path, OptimizerConfig config, int batchSize, long seed) {
        OptimizerContext context = new OptimizerContext() {
            @Override
            public Optimizer create(String field, OptimizerConfig inner) {
                return optimizer(path + "." + field, inner, batchSize, seed);
            }

            @Override
            public long seed() {
                return seed;
            }

            @Override
            public int batchSize() {
                return batchSize;
            }
        };
        return create(
                PluginKind.OPTIMIZER,
                path,
                config,
                (OptimizerProvider<OptimizerConfig> provider) -> provider.create(config, context));
    }

    /**
     * What the plugin configured by {@code config} creates with {@code creation}.
     *
     * @param path the config section it was configured from
     */
    @SuppressWarnings("unchecked") // the registry files each provider under the kind it implements
    private <P, T> T create(PluginKind kind, String path, Object config, Function<P, T> creation) {
        Plugin plugin = registry.configuredBy(kind, config.getClass());
        used.add(plugin);
        try {
            return creation.apply((P) plugin.provider());
        } catch (InvalidConfigException e) {
            throw e.under(path);
        } catch (PluginFailedException | UncheckedIOException e) {
            throw e; // an inner plugin's failure, named already; an I/O failure names its file (missing data, say)
        } catch (RuntimeException | LinkageError e) {
            throw new PluginFailedException(plugin, path, e);
        } catch (OutOfMemoryError e) {
            throw new HeapFullException(
                    "the " + kind.label() + " plugin '" + plugin.name() + "' built its " + kind.label()
                            + (kind == PluginKind.DATASET ? " (the heap holds its images, as bytes)" : ""),
                    e);
        }
    }
}
