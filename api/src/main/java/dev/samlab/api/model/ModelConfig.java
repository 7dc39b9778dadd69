package dev.samlab.api.model;

/** Marker for a model plugin's config record, bound from the {@code model} section (its {@code name} picks the plugin). */
public interface ModelConfig {}
