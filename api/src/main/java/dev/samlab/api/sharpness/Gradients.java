package dev.samlab.api.sharpness;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.tensor.Vectors;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a {@link DescentRule} works with: the parameters (whose {@code gradient()} it rewrites), the gradient at the
 * unperturbed weights, and a scratch buffer per parameter. Inner products run over all parameters together, as if
 * they were one vector.
 */
public final class Gradients {

    private final Parameters parameters;
    private final Function<Parameter, INDArray> atWeights;
    private final Function<Parameter, INDArray> scratch;

    Gradients(Parameters parameters, Function<Parameter, INDArray> atWeights, Function<Parameter, INDArray> scratch) {
        this.parameters = parameters;
        this.atWeights = atWeights;
        this.scratch = scratch;
    }

    public Parameters parameters() {
        return parameters;
    }

    /** g(w), the gradient at the unperturbed weights; on a step without a second pass, the same as {@code gradient()}. */
    public INDArray atWeights(Parameter parameter) {
        return atWeights.apply(parameter);
    }

    /** A buffer shaped like the parameter, free to overwrite. */
    public INDArray scratch(Parameter parameter) {
        return scratch.apply(parameter);
    }

    /** Σ over all parameters of ⟨a(p), b(p)⟩. */
    public double dot(Function<Parameter, INDArray> a, Function<Parameter, INDArray> b) {
        double sum = 0;
        for (Parameter p : parameters) {
            sum += Vectors.dot(a.apply(p), b.apply(p));
        }
        return sum;
    }

    /**
     * Writes into {@code out(p)}, for every parameter, the part of a orthogonal to b, a − (⟨a, b⟩/‖b‖²)·b, the inner
     * products taken over all parameters (a itself where b is zero). GSAM subtracts the part of g(w) orthogonal to
     * g(w + e); LookSAM keeps the part of g(w + e) orthogonal to g(w).
     *
     * @param output buffers that may be b's but not a's
     */
    public void orthogonalPart(
            Function<Parameter, INDArray> a, Function<Parameter, INDArray> b, Function<Parameter, INDArray> output) {
        double normSquared = dot(b, b);
        double projection = normSquared == 0 ? 0 : dot(a, b) / normSquared;
        for (Parameter p : parameters) {
            INDArray out = output.apply(p);
            Vectors.copy(b.apply(p), out);
            Vectors.scale(out, -projection);
            Vectors.addScaled(out, 1, a.apply(p));
        }
    }
}
