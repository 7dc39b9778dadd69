package dev.samlab.runner.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.plugins.PluginFactory;
import dev.samlab.runner.progress.ProgressDisplayListener;
import dev.samlab.runner.report.RunFiles;
import dev.samlab.runner.train.CheckpointListener;
import dev.samlab.runner.train.Checkpoints;
import dev.samlab.runner.train.LoggingListener;
import dev.samlab.runner.train.RunDirectory;
import dev.samlab.runner.train.TrainingListener;

/**
 * Binds the run's dataset, built before the injector (its files may have to be downloaded: done once, with its own
 * errors), the run's outputs as training listeners, and provides the model and optimizer, each built by its plugin
 * from its config section.
 */
public final class TrainingModule extends AbstractModule {

    private final Dataset dataset;

    public TrainingModule(Dataset dataset) {
        this.dataset = dataset;
    }

    /** The run's outputs, in this order: the checkpoint is the commit the files after it are derived from. */
    @Override
    protected void configure() {
        bind(Dataset.class).toInstance(dataset);
        Multibinder<TrainingListener> listeners = Multibinder.newSetBinder(binder(), TrainingListener.class);
        listeners.addBinding().to(CheckpointListener.class);
        listeners.addBinding().to(RunFiles.class);
        listeners.addBinding().to(LoggingListener.class);
        listeners.addBinding().to(ProgressDisplayListener.class);
    }

    @Provides
    @Singleton
    Checkpoints checkpoints(RunDirectory directory) {
        return new Checkpoints(directory.resolve("checkpoint"));
    }

    @Provides
    @Singleton
    Model model(PluginFactory plugins, RunConfig config, Dataset dataset) {
        return plugins.model(
                config.model(),
                new ModelContext(dataset.shape(), dataset.classNames().size(), config.seed()));
    }

    @Provides
    @Singleton
    Optimizer optimizer(PluginFactory plugins, RunConfig config) {
        return plugins.optimizer(config.optimizer(), config.training().batchSize(), config.seed());
    }
}
