package dev.samlab.optim.sam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.sharpness.SharpnessAware;
import dev.samlab.api.sharpness.SharpnessSettings;
import dev.samlab.testkit.Quadratic;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SAM's step differs from its base's the way the paper's first-order analysis says: ∇L(w + ρĝ) ≈ ∇L(w) + ρHĝ, and
 * Hĝ = ∇‖∇L(w)‖, so SAM additionally descends the gradient norm (sharpness), along −Hĝ.
 */
class LogisticRegressionTest {

    private static final int N = 40;
    private static final int D = 3;
    private final double[][] x = new double[N][D];
    private final double[] y = new double[N];

    LogisticRegressionTest() {
        Random random = new Random(3);
        for (int i = 0; i < N; i++) {
            for (int d = 0; d < D; d++) {
                x[i][d] = random.nextGaussian() * (d + 1);
            }
            y[i] = x[i][0] - 0.5 * x[i][1] + 0.3 * random.nextGaussian() > 0 ? 1 : 0;
        }
    }

    private double sigmoid(double[] w, int i) {
        double z = 0;
        for (int d = 0; d < D; d++) {
            z += w[d] * x[i][d];
        }
        return 1 / (1 + Math.exp(-z));
    }

    private double[] gradient(double[] w) {
        double[] g = new double[D];
        for (int i = 0; i < N; i++) {
            double error = sigmoid(w, i) - y[i];
            for (int d = 0; d < D; d++) {
                g[d] += error * x[i][d] / N;
            }
        }
        return g;
    }

    private double[] hessianTimes(double[] w, double[] v) {
        double[] hv = new double[D];
        for (int i = 0; i < N; i++) {
            double s = sigmoid(w, i);
            double xv = 0;
            for (int d = 0; d < D; d++) {
                xv += x[i][d] * v[d];
            }
            for (int d = 0; d < D; d++) {
                hv[d] += s * (1 - s) * xv * x[i][d] / N;
            }
        }
        return hv;
    }

    private Parameters parameters(INDArray w) {
        return new Parameters(List.of(new Parameter("w", ParameterRole.WEIGHT, w, w.ulike())));
    }

    private Objective objective(Parameters parameters) {
        INDArray w = parameters.list().get(0).value();
        INDArray g = parameters.list().get(0).gradient();
        return new Objective() {
            @Override
            public Evaluation evaluate() {
                g.assign(Nd4j.createFromArray(gradient(w.toDoubleVector())));
                return new Evaluation(0, 0, N);
            }

            @Override
            public int batchSize() {
                return N;
            }

            @Override
            public Objective subBatch(int from, int to) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void samStepsAwayFromTheBaseStepAlongMinusHessianTimesTheGradientDirection() {
        double[] w0 = {0.3, 0.2, -0.1};
        double lr = 0.5;
        double rho = 1e-3;
        INDArray withSam = Nd4j.createFromArray(w0);
        INDArray plain = Nd4j.createFromArray(w0);
        Parameters samParameters = parameters(withSam);
        Parameters plainParameters = parameters(plain);

        SharpnessAware.around(Bases.sgd(lr))
                .settings(SharpnessSettings.builder().rho(rho).epsilon(0).build())
                .build()
                .step(samParameters, objective(samParameters), StepContext.constant(0, 0));
        Bases.sgd(lr).step(plainParameters, objective(plainParameters), StepContext.constant(0, 0));

        double[] difference = withSam.sub(plain).toDoubleVector();
        double[] g = gradient(w0);
        double[] unit = Quadratic.plus(new double[D], 1 / Quadratic.norm(g), g);
        double[] predicted = Quadratic.plus(new double[D], -lr * rho, hessianTimes(w0, unit));
        double cosine = 0;
        for (int d = 0; d < D; d++) {
            cosine += difference[d] * predicted[d];
        }
        cosine /= Quadratic.norm(difference) * Quadratic.norm(predicted);

        assertThat(cosine).isGreaterThan(0.999);
        assertThat(Quadratic.norm(difference) / Quadratic.norm(predicted)).isBetween(0.99, 1.01);
        assertThat(Quadratic.norm(gradient(withSam.toDoubleVector())))
                .as("SAM's step leaves a smaller gradient norm than the base's")
                .isLessThan(Quadratic.norm(gradient(plain.toDoubleVector())));
    }
}
