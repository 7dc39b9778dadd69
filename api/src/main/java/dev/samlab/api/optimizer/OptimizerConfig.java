package dev.samlab.api.optimizer;

/**
 * Marker for an optimizer plugin's config record, bound from an {@code optimizer} section (its {@code name}
 * picks the plugin). A wrapping optimizer holds its base's config as a component of this type
 * ({@code base: { name: adam, lr: 0.001 }}) and builds it with {@link OptimizerContext#create}.
 */
public interface OptimizerConfig {}
