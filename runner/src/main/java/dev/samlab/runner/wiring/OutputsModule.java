package dev.samlab.runner.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.samlab.api.model.Model;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.data.TrainingData;
import dev.samlab.runner.plugins.PluginFactory;
import dev.samlab.runner.progress.ProgressDisplayListener;
import dev.samlab.runner.report.RunFiles;
import dev.samlab.runner.train.CheckpointListener;
import dev.samlab.runner.train.Checkpoints;
import dev.samlab.runner.train.LoggingListener;
import dev.samlab.runner.train.RunDirectory;
import dev.samlab.runner.train.RunManifest;
import dev.samlab.runner.train.TrainingListener;
import java.nio.file.Path;

/** What training adds to a run's parts: the folder it writes to, and its outputs as training listeners. */
public final class OutputsModule extends AbstractModule {

    private final Path folder;
    private final RunConfig config;
    private final RunDirectory directory;
    private final String resolvedConfig;

    /**
     * @param folder         where the run writes
     * @param resolvedConfig the config as {@code config.yaml} records it, which the checkpoint carries too
     */
    public OutputsModule(Path folder, RunConfig config, String resolvedConfig) {
        this.folder = folder;
        this.config = config;
        this.directory = new RunDirectory(folder);
        this.resolvedConfig = resolvedConfig;
    }

    /** The run's outputs, in this order: the checkpoint is the commit the files after it are derived from. */
    @Override
    protected void configure() {
        bind(RunDirectory.class).toInstance(directory);
        Multibinder<TrainingListener> listeners = Multibinder.newSetBinder(binder(), TrainingListener.class);
        listeners.addBinding().to(CheckpointListener.class);
        listeners.addBinding().to(RunFiles.class);
        listeners.addBinding().to(LoggingListener.class);
        listeners.addBinding().to(ProgressDisplayListener.class);
    }

    @Provides
    @Singleton
    RunFiles files(TrainingData data) {
        return new RunFiles(
                folder,
                config.name(),
                resolvedConfig,
                config.training().epochs(),
                data.labelNoise().map(Object::toString));
    }

    /** The model and the optimizer come first, so that the manifest names every plugin that built them. */
    @Provides
    @Singleton
    RunManifest manifest(PluginFactory plugins, TrainingData data, Model model, Optimizer optimizer) {
        return RunManifest.of(plugins.used()).withLabelNoise(data.labelNoise());
    }

    @Provides
    @Singleton
    Checkpoints checkpoints(RunManifest manifest) {
        return new Checkpoints(directory.resolve("checkpoint"), resolvedConfig, manifest);
    }
}
