package dev.samlab.api.model;

import dev.samlab.api.PluginProvider;

/** Builds a model of one architecture, registered under {@link #name()}. */
public interface ModelProvider<C extends ModelConfig> extends PluginProvider<C> {

    Model create(C config, ModelContext context);
}
