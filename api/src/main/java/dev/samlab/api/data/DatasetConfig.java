package dev.samlab.api.data;

/**
 * A dataset plugin's config record, bound from the {@code dataset} section. Every dataset accepts
 * {@code trainLimit} and {@code testLimit}; the runner applies them, and {@code labelNoise} where the record declares
 * it (a component {@code LabelNoise labelNoise}, as every image dataset SamLab ships does).
 */
public interface DatasetConfig {

    /** Use only the first N training images; {@code null} for all. */
    Integer trainLimit();

    /** Use only the first N test images; {@code null} for all. */
    Integer testLimit();

    /** Labels of the training split to corrupt on purpose; {@code null} (the default) for none. */
    default LabelNoise labelNoise() {
        return null;
    }
}
