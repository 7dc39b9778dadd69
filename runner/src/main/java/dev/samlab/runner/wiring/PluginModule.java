package dev.samlab.runner.wiring;

import com.google.inject.AbstractModule;
import dev.samlab.api.data.DataContext;
import dev.samlab.runner.plugins.PluginRegistry;

/** Binds the discovered plugins and where datasets may look for their files. */
public final class PluginModule extends AbstractModule {

    private final PluginRegistry registry;
    private final DataContext dataContext;

    public PluginModule(PluginRegistry registry, DataContext dataContext) {
        this.registry = registry;
        this.dataContext = dataContext;
    }

    @Override
    protected void configure() {
        bind(PluginRegistry.class).toInstance(registry);
        bind(DataContext.class).toInstance(dataContext);
    }
}
