package dev.samlab.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record of config keys that a plugin's config record holds as one component but users write at the
 * record's own level. {@code record GsamConfig(OptimizerConfig base, Double alpha, SharpnessKeys sharpness)} reads
 * {@code { name: gsam, base: ..., alpha: 0.2, rho: 0.05, every: 2 }}: the runner binds {@code rho} and
 * {@code every} into the {@link dev.samlab.api.sharpness.SharpnessKeys} component, and writes them back flat.
 */
public interface InlineKeys {

    /**
     * On such a component: keys of the group that this plugin never takes. The runner leaves them out where it lists
     * the plugin's keys and of the run's {@code config.yaml}; the config record still refuses them when given, with
     * its reason: {@code record LookSamConfig(OptimizerConfig base, Double alpha, @Refused("m") SharpnessKeys
     * sharpness)}.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
    @interface Refused {
        /** The keys, as config files write them. */
        String[] value();
    }
}
