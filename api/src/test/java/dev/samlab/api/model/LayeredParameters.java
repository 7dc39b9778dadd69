package dev.samlab.api.model;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters stored as DL4J stores a layer's: views into one flat vector of values and one of gradients, in mixed
 * orderings, with a batch norm's running statistics between them (not parameters), and one tensor of its own.
 * Elements [0, 40) are {@code kernel} (2×3×2×2, c), {@code dense} (3×4, f) and {@code bias} (4); [40, 44) the running
 * statistics; [44, 48) {@code scale}; {@code head} (2×2) has its own arrays. Values and gradients are random.
 */
public final class LayeredParameters {

    public final INDArray values = Nd4j.rand(DataType.FLOAT, 48);
    public final INDArray gradients = Nd4j.rand(DataType.FLOAT, 48);
    public final Parameters parameters = new Parameters(List.of(
            view("kernel", ParameterRole.WEIGHT, 0, 'c', 2, 3, 2, 2),
            view("dense", ParameterRole.WEIGHT, 24, 'f', 3, 4),
            view("bias", ParameterRole.BIAS, 36, 'c', 4),
            view("scale", ParameterRole.NORM_SCALE, 44, 'c', 4),
            new Parameter(
                    "head", ParameterRole.WEIGHT, Nd4j.rand(DataType.FLOAT, 2, 2), Nd4j.rand(DataType.FLOAT, 2, 2))));

    private Parameter view(String name, ParameterRole role, long from, char ordering, long... shape) {
        long length = 1;
        for (long n : shape) {
            length *= n;
        }
        return new Parameter(
                name,
                role,
                values.get(NDArrayIndex.interval(from, from + length)).reshape(ordering, shape),
                gradients.get(NDArrayIndex.interval(from, from + length)).reshape(ordering, shape));
    }

    public Parameter get(String name) {
        return parameters.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
