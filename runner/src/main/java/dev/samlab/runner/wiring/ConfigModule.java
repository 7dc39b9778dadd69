package dev.samlab.runner.wiring;

import com.google.inject.AbstractModule;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.train.RunDirectory;

/** Binds the resolved config and the folder the run writes to. */
public final class ConfigModule extends AbstractModule {

    private final RunConfig config;
    private final RunDirectory directory;

    public ConfigModule(RunConfig config, RunDirectory directory) {
        this.config = config;
        this.directory = directory;
    }

    @Override
    protected void configure() {
        bind(RunConfig.class).toInstance(config);
        bind(RunDirectory.class).toInstance(directory);
    }
}
