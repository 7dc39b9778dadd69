package dev.samlab.optim.sam;

import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.model.Parameters;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * L = ½·Σ c∘w∘w over tensors shaped and laid out as real layers' (dense matrices column-major [in, out], kernels
 * [out, in, kh, kw]), so g = c∘w: for methods that treat a tensor by its shape, which the test kit's Quadratic, all
 * vectors, does not exercise.
 */
final class Separable implements Objective {

    final Parameters parameters;
    private final List<INDArray> coefficients;

    /** @param coefficients c of each parameter, shaped like it */
    Separable(List<Parameter> parameters, List<INDArray> coefficients) {
        this.parameters = new Parameters(parameters);
        this.coefficients = coefficients;
    }

    /** The authors' worked examples' problem: L = ½(w₁² + 4w₂²) from w = (1, 1), one weight tensor. */
    static Separable authorsQuadratic() {
        return new Separable(
                List.of(parameter("layer/W", ParameterRole.WEIGHT, Nd4j.createFromArray(1.0, 1.0))),
                List.of(Nd4j.createFromArray(1.0, 4.0)));
    }

    static Parameter parameter(String name, ParameterRole role, INDArray value) {
        return new Parameter(name, role, value, value.ulike());
    }

    @Override
    public Evaluation evaluate() {
        double loss = 0;
        for (int i = 0; i < coefficients.size(); i++) {
            Parameter p = parameters.list().get(i);
            INDArray c = coefficients.get(i);
            p.gradient().assign(c.mul(p.value()));
            loss += 0.5 * p.gradient().mul(p.value()).sumNumber().doubleValue();
        }
        return new Evaluation(loss, 0, 1);
    }

    @Override
    public int batchSize() {
        return 1;
    }

    @Override
    public Objective subBatch(int from, int to) {
        return this;
    }
}
