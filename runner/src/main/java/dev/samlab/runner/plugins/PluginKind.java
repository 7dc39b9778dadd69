package dev.samlab.runner.plugins;

import dev.samlab.api.PluginProvider;
import dev.samlab.api.data.DatasetConfig;
import dev.samlab.api.data.DatasetProvider;
import dev.samlab.api.model.ModelConfig;
import dev.samlab.api.model.ModelProvider;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.OptimizerProvider;

/** The three kinds of plugin, with the service interface each is found by and the config type it binds. */
public enum PluginKind {
    OPTIMIZER("optimizer", OptimizerProvider.class, OptimizerConfig.class),
    MODEL("model", ModelProvider.class, ModelConfig.class),
    DATASET("dataset", DatasetProvider.class, DatasetConfig.class);

    private final String label;
    private final Class<? extends PluginProvider<?>> serviceType;
    private final Class<?> configType;

    @SuppressWarnings({"unchecked", "rawtypes"})
    PluginKind(String label, Class serviceType, Class<?> configType) {
        this.label = label;
        this.serviceType = serviceType;
        this.configType = configType;
    }

    public String label() {
        return label;
    }

    public Class<? extends PluginProvider<?>> serviceType() {
        return serviceType;
    }

    /** The marker interface every config record of this kind implements. */
    public Class<?> configType() {
        return configType;
    }
}
