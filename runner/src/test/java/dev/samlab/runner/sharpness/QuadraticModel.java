package dev.samlab.runner.sharpness;

import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.model.Parameters;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** L(w) = ½wᵀAw − bᵀw in double precision: a loss surface whose Hessian is A everywhere. */
final class QuadraticModel implements Model {

    private final INDArray a;
    private final INDArray b;
    private final Parameters parameters;

    QuadraticModel(double[][] a, double[] b, double[] w) {
        this.a = Nd4j.createFromArray(a);
        this.b = Nd4j.createFromArray(b).reshape(b.length, 1);
        INDArray weights = Nd4j.createFromArray(w).reshape(w.length, 1);
        this.parameters = new Parameters(
                List.of(new Parameter("w", ParameterRole.WEIGHT, weights, Nd4j.zeros(DataType.DOUBLE, w.length, 1))));
    }

    @Override
    public Parameters parameters() {
        return parameters;
    }

    /** No normalization layers: inference and training mode are the same. */
    @Override
    public Objective inferenceObjective(Batch batch) {
        return objective(batch);
    }

    @Override
    public Objective objective(Batch batch) {
        return new Objective() {
            @Override
            public Evaluation evaluate() {
                INDArray w = parameters.list().get(0).value();
                INDArray aw = a.mmul(w);
                parameters.list().get(0).gradient().assign(aw.sub(b));
                double loss = 0.5 * w.transpose().mmul(aw).getDouble(0)
                        - b.transpose().mmul(w).getDouble(0);
                return new Evaluation(loss, 0, batch.size());
            }

            @Override
            public int batchSize() {
                return batch.size();
            }

            @Override
            public Objective subBatch(int from, int to) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Override
    public Evaluation evaluate(Batch batch) {
        return objective(batch).evaluate();
    }

    @Override
    public INDArray predict(INDArray features) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void save(OutputStream out) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void load(InputStream in) {
        throw new UnsupportedOperationException();
    }
}
