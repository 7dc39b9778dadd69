package dev.samlab.runner.wiring;

import com.google.inject.AbstractModule;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.report.RunFiles;
import dev.samlab.runner.train.RunDirectory;

/** Binds the resolved config, the folder the run writes to and the files in it that people read. */
public final class ConfigModule extends AbstractModule {

    private final RunConfig config;
    private final RunDirectory directory;
    private final RunFiles files;

    public ConfigModule(RunConfig config, RunDirectory directory, RunFiles files) {
        this.config = config;
        this.directory = directory;
        this.files = files;
    }

    @Override
    protected void configure() {
        bind(RunConfig.class).toInstance(config);
        bind(RunDirectory.class).toInstance(directory);
        bind(RunFiles.class).toInstance(files);
    }
}
