package dev.samlab.api;

/**
 * Marks a record of config keys that a plugin's config record holds as one component but users write at the
 * record's own level. {@code record GsamConfig(OptimizerConfig base, Double alpha, SharpnessKeys sharpness)} reads
 * {@code { name: gsam, base: ..., alpha: 0.2, rho: 0.05, every: 2 }}: the runner binds {@code rho} and
 * {@code every} into the {@link dev.samlab.api.sharpness.SharpnessKeys} component, and writes them back flat.
 */
public interface InlineKeys {}
