package dev.samlab.api.optimizer;

import dev.samlab.api.PluginProvider;

/** Builds an optimizer, registered under {@link #name()}. */
public interface OptimizerProvider<C extends OptimizerConfig> extends PluginProvider<C> {

    Optimizer create(C config, OptimizerContext context);
}
