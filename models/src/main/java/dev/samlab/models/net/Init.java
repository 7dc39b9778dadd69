package dev.samlab.models.net;

/** How a layer's weights start; biases and batch norm's shift start at 0, its scale at 1. */
public enum Init {
    /** Normal with variance 2/fan-in (He et al. 2015), for layers followed by ReLU. */
    HE,
    /** Uniform in ±1/√fan-in, PyTorch's default for {@code Conv2d} and {@code Linear}. */
    PYTORCH,
    /** Normal with variance 2/(fan-in + fan-out) (Glorot and Bengio 2010). */
    XAVIER
}
