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
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.runner.config.ConfigException;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/**
 * Builds plugin instances from bound config records, reporting a plugin's {@link InvalidConfigException} under
 * the full key path of the section it was configured from.
 */
public final class PluginFactory {

    private final PluginRegistry registry;
    private final DataContext dataContext;

    @Inject
    public PluginFactory(PluginRegistry registry, DataContext dataContext) {
        this.registry = registry;
        this.dataContext = dataContext;
    }

    public Dataset dataset(DatasetConfig config) {
        DatasetProvider<DatasetConfig> provider = provider(PluginKind.DATASET, config, DatasetProvider.class);
        return reportedUnder("dataset", () -> provider.create(config, dataContext));
    }

    public Model model(ModelConfig config, ModelContext context) {
        ModelProvider<ModelConfig> provider = provider(PluginKind.MODEL, config, ModelProvider.class);
        return reportedUnder("model", () -> provider.create(config, context));
    }

    public Optimizer optimizer(OptimizerConfig config) {
        return optimizer("optimizer", config);
    }

    private Optimizer optimizer(String path, OptimizerConfig config) {
        OptimizerProvider<OptimizerConfig> provider = provider(PluginKind.OPTIMIZER, config, OptimizerProvider.class);
        return reportedUnder(path, () -> provider.create(config,
                (field, inner) -> optimizer(path + "." + field, inner)));
    }

    @SuppressWarnings("unchecked")
    private <P> P provider(PluginKind kind, Object config, Class<?> providerType) {
        return (P) registry.providerFor(kind, config.getClass(), providerType.asSubclass(
                dev.samlab.api.PluginProvider.class));
    }

    private static <T> T reportedUnder(String path, Supplier<T> creation) {
        try {
            return creation.get();
        } catch (InvalidConfigException e) {
            throw new ConfigException(path + "." + e.field(), e.problem());
        }
    }
}
