package dev.samlab.api.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Consecutive parameters whose values lie end to end in one buffer, and whose gradients do too (a DL4J convolution's
 * weights followed by its batch norm's scale and shift, say), so that level-1 arithmetic on all of them is one native
 * call on {@link #values()} or {@link #gradients()} instead of one per tensor. A run of several parameters is a flat
 * vector in memory order, the order in which {@link dev.samlab.api.optimizer.PackedTensors} lays out their parts; a
 * run of one is that parameter's own tensors.
 *
 * @param offset where the run starts when the parameters are laid end to end in their order
 */
public record ParameterRun(List<Parameter> parameters, long offset, INDArray values, INDArray gradients) {

    public ParameterRun {
        parameters = List.copyOf(parameters);
    }

    /** Number of scalar entries. */
    public long length() {
        return values.length();
    }
}
