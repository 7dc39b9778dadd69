package dev.samlab.runner.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.data.TrainingData;
import dev.samlab.runner.plugins.PluginFactory;
import java.util.Optional;

/**
 * Binds a run's config, the factory its plugins build with, what its model is built for and its dataset where it
 * has one, and provides the model and the optimizer, each built by its plugin from its config section.
 */
final class PartsModule extends AbstractModule {

    private final RunConfig config;
    private final PluginFactory plugins;
    private final ModelContext modelContext;
    private final Optional<Data> dataset;

    /** A run's dataset and the splits its config cuts from it. */
    record Data(Dataset dataset, TrainingData splits) {}

    PartsModule(RunConfig config, PluginFactory plugins, ModelContext modelContext, Optional<Data> dataset) {
        this.config = config;
        this.plugins = plugins;
        this.modelContext = modelContext;
        this.dataset = dataset;
    }

    @Override
    protected void configure() {
        bind(RunConfig.class).toInstance(config);
        bind(PluginFactory.class).toInstance(plugins);
        bind(ModelContext.class).toInstance(modelContext);
        dataset.ifPresent(d -> {
            bind(Dataset.class).toInstance(d.dataset());
            bind(TrainingData.class).toInstance(d.splits());
        });
    }

    @Provides
    @Singleton
    Model model(PluginFactory factory, RunConfig run, ModelContext context) {
        return factory.model(run.model(), context);
    }

    @Provides
    @Singleton
    Optimizer optimizer(PluginFactory factory, RunConfig run) {
        return factory.optimizer(run.optimizer(), run.training().batchSize(), run.seed());
    }
}
