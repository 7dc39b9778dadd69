package dev.samlab.runner.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.plugins.PluginFactory;

/**
 * Binds the run's dataset, built before the injector (its files may have to be downloaded: done once, with its own
 * errors), and provides the model and optimizer, each built by its plugin from its config section.
 */
public final class TrainingModule extends AbstractModule {

    private final Dataset dataset;

    public TrainingModule(Dataset dataset) {
        this.dataset = dataset;
    }

    @Override
    protected void configure() {
        bind(Dataset.class).toInstance(dataset);
    }

    @Provides
    @Singleton
    Model model(PluginFactory plugins, RunConfig config, Dataset dataset) {
        return plugins.model(config.model(),
                new ModelContext(dataset.shape(), dataset.classNames().size(), config.seed()));
    }

    @Provides
    @Singleton
    Optimizer optimizer(PluginFactory plugins, RunConfig config) {
        return plugins.optimizer(config.optimizer(), config.training().batchSize(), config.seed());
    }
}
