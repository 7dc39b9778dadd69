/**
 * The SamLab plugin API: what an optimizer, a model or a dataset must provide, and the few values they share.
 *
 * <p>A plugin implements one of {@link dev.samlab.api.optimizer.OptimizerProvider},
 * {@link dev.samlab.api.model.ModelProvider} or {@link dev.samlab.api.data.DatasetProvider}, names it in
 * {@code META-INF/services/<provider interface>}, and is found by {@link java.util.ServiceLoader} on the class
 * path or in a jar in the plugins folder. Each provider declares an immutable config record; the runner binds
 * the matching section of the user's config file to it, rejecting unknown keys, so the record's compact
 * constructor is the place to fill in defaults and validate ranges (throw {@link InvalidConfigException}).
 */
package dev.samlab.api;
