package dev.samlab.api.data;

/**
 * A dataset plugin's config record, bound from the {@code dataset} section. Every dataset accepts
 * {@code trainLimit} and {@code testLimit}; the runner applies them.
 */
public interface DatasetConfig {

    /** Use only the first N training images; {@code null} for all. */
    Integer trainLimit();

    /** Use only the first N test images; {@code null} for all. */
    Integer testLimit();
}
