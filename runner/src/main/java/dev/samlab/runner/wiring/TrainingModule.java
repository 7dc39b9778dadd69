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

/** Provides the run's dataset, model and optimizer, each built by its plugin from its config section. */
public final class TrainingModule extends AbstractModule {

    @Provides
    @Singleton
    Dataset dataset(PluginFactory plugins, RunConfig config) {
        return plugins.dataset(config.dataset());
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
        return plugins.optimizer(config.optimizer(), config.training().batchSize());
    }
}
