package dev.samlab.api.data;

import dev.samlab.api.PluginProvider;

/** Builds a dataset, registered under {@link #name()}. */
public interface DatasetProvider<C extends DatasetConfig> extends PluginProvider<C> {

    Dataset create(C config, DataContext context);
}
