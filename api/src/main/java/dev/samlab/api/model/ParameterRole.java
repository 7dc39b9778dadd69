package dev.samlab.api.model;

/**
 * What a trainable tensor does in its layer. Optimizers use it to treat kinds differently: ASAM's official
 * code rescales only {@link #WEIGHT}s, and weight decay is often kept off biases and normalisation.
 */
public enum ParameterRole {
    /** A convolution kernel or a dense weight matrix. */
    WEIGHT,
    /** An additive bias of a convolution or dense layer. */
    BIAS,
    /** The scale (gamma) of a normalisation layer. */
    NORM_SCALE,
    /** The shift (beta) of a normalisation layer. */
    NORM_SHIFT
}
