package dev.samlab.optim.sam;

import dev.samlab.api.model.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The shape of the neighbourhood a sharpness-aware method climbs in. With an element-wise operator T, the ascent
 * step is e = ρ · T²g / ‖T g‖: SAM's Euclidean ball has T = identity, ASAM's adaptive ball T = |w| + η.
 */
@FunctionalInterface
public interface AscentGeometry {

    /** SAM: T is the identity. */
    AscentGeometry EUCLIDEAN = (parameter, vector, scratch) -> { };

    /**
     * Multiplies {@code vector} in place by T at the parameter's current value.
     *
     * @param scratch a buffer shaped like the parameter, free to overwrite
     */
    void applyT(Parameter parameter, INDArray vector, INDArray scratch);
}
