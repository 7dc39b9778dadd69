package dev.samlab.api.model;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One trainable tensor of a model.
 *
 * <p>{@code value} is a view into the model's own storage: writing to it changes the model. {@code gradient}
 * has the same shape and ordering; each {@link Objective#evaluate()} overwrites it with the gradient of the
 * mean batch loss, and optimizers may overwrite it too (SAM hands its base optimizer the gradient taken at the
 * perturbed point this way). Batch-norm running statistics are never parameters.
 *
 * @param name unique within the model, stable across runs (checkpoints and optimizer state are keyed by it)
 */
public record Parameter(String name, ParameterRole role, INDArray value, INDArray gradient) {

    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(gradient, "gradient");
        if (!value.equalShapes(gradient)) {
            throw new IllegalArgumentException("parameter " + name + ": gradient shape "
                    + Arrays.toString(gradient.shape()) + " differs from value shape "
                    + Arrays.toString(value.shape()));
        }
    }

    /** Number of scalar entries. */
    public long size() {
        return value.length();
    }
}
