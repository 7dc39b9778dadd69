package dev.samlab.optim.sam;

import static dev.samlab.optim.sam.FamilyChecks.ADAM;
import static dev.samlab.optim.sam.FamilyChecks.LR;
import static dev.samlab.optim.sam.FamilyChecks.SGD;
import static dev.samlab.optim.sam.SamTest.RHO;
import static dev.samlab.testkit.Quadratic.dot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.testkit.OptimizerContract;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GcsamTest {

    private static Optimizer gcsam(OptimizerConfig base) {
        return new GcsamProvider().create(new GcsamConfig(base, FamilyChecks.keys(RHO)), Bases.context(4));
    }

    /** On the test kit's Quadratic, whose weight is a vector, nothing is centralized: GCSAM is SAM exactly. */
    @Test
    void onVectorsItIsSamStepForStep() {
        OptimizerContract.assertSameSteps(gcsam(ADAM), FamilyChecks.sam(RHO, ADAM), 3, 0);
    }

    /**
     * A dense matrix [in 3, out 2] (DL4J's column-major layout), a convolution kernel [out 2, in 1, 1, 2] and a bias,
     * under L = ½·Σ cᵢ·wᵢ² (so g = c∘w): e = ρ·GC(g)/(‖g‖ + ε), each output unit's mean taken out of the weights'
     * gradients (the dense matrix's columns, the kernel's first axis), the bias's left as it is.
     */
    @Test
    void oneStepMatchesTheClosedForm() {
        Problem problem = new Problem();
        double[] w0 = problem.values();

        gcsam(SGD).step(problem.objective.parameters, problem.objective, StepContext.constant(0, 0));

        double[] g = problem.gradientAt(w0);
        double[] centralized = g.clone();
        for (int out = 0; out < 2; out++) { // dense, column-major: (in, out) at in + 3·out
            double mean = (g[3 * out] + g[3 * out + 1] + g[3 * out + 2]) / 3;
            for (int in = 0; in < 3; in++) {
                centralized[3 * out + in] -= mean;
            }
        }
        for (int out = 0; out < 2; out++) { // kernel, row-major: (out, 0, 0, k) at 6 + 2·out + k
            double mean = (g[6 + 2 * out] + g[6 + 2 * out + 1]) / 2;
            centralized[6 + 2 * out] -= mean;
            centralized[6 + 2 * out + 1] -= mean;
        }
        double gradientNorm = Math.sqrt(dot(g, g));
        double[] perturbed = new double[w0.length];
        for (int i = 0; i < w0.length; i++) {
            perturbed[i] = w0[i] + RHO * centralized[i] / (gradientNorm + 1e-12);
        }
        double[] gp = problem.gradientAt(perturbed);
        double[] expected = new double[w0.length];
        for (int i = 0; i < w0.length; i++) {
            expected[i] = w0[i] - LR * gp[i];
        }
        assertThat(problem.values()).containsExactly(expected, within(1e-12));
        assertThat(centralized[10]).as("the bias is not centralized").isEqualTo(g[10]);
        assertThat(Math.sqrt(dot(centralized, centralized)))
                .as("centralization shortens the ascent: ‖e‖ < ρ")
                .isLessThan(0.9 * gradientNorm);
    }

    /**
     * The value the authors' code gives for PyTorch's W = [[1, 2], [3, 5]] (rows the output units) under
     * L = ½·Σ C∘W², C = [[1, 2], [3, 4]], ρ 0.05, SGD at 0.1: here the same matrix as DL4J lays out a dense layer,
     * [in, out] column-major, whose buffer then reads as PyTorch's row-major one.
     */
    @Test
    void matchesTheAuthorsCode() {
        Separable problem = new Separable(
                List.of(Separable.parameter(
                        "dense/W",
                        ParameterRole.WEIGHT,
                        Nd4j.create(new double[] {1, 2, 3, 5}, new long[] {2, 2}, 'f'))),
                List.of(Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {2, 2}, 'f')));

        new GcsamProvider()
                .create(new GcsamConfig(SGD, FamilyChecks.keys(0.05)), Bases.context(4))
                .step(problem.parameters, problem, StepContext.constant(0, 0));

        assertThat(problem.parameters.list().get(0).value().data().asDouble())
                .containsExactly(new double[] {0.900336083, 1.599327834, 2.103696913, 2.995070782}, within(1e-9));
    }

    /** A dense matrix, a kernel and a bias under c = 1 + (i mod 4), i their index when flattened by {@link #flat}. */
    private static final class Problem {
        final INDArray dense = Nd4j.create(new double[] {1, -2, 0.5, 3, 1.5, -1}, new long[] {3, 2}, 'f');
        final INDArray kernel = Nd4j.create(new double[] {2, -1, 0.25, 4}, new long[] {2, 1, 1, 2}, 'c');
        final INDArray bias = Nd4j.createFromArray(0.5, -0.3);
        final Separable objective = new Separable(
                List.of(
                        Separable.parameter("dense/W", ParameterRole.WEIGHT, dense),
                        Separable.parameter("conv/W", ParameterRole.WEIGHT, kernel),
                        Separable.parameter("dense/b", ParameterRole.BIAS, bias)),
                List.of(
                        Nd4j.create(new double[] {1, 2, 3, 4, 1, 2}, new long[] {3, 2}, 'f'),
                        Nd4j.create(new double[] {3, 4, 1, 2}, new long[] {2, 1, 1, 2}, 'c'),
                        Nd4j.createFromArray(3.0, 4.0)));

        /** The weights flattened: the dense matrix column by column, the kernel row-major, the bias. */
        double[] values() {
            double[] w = new double[12];
            for (int out = 0; out < 2; out++) {
                for (int in = 0; in < 3; in++) {
                    w[3 * out + in] = dense.getDouble(in, out);
                }
            }
            for (int i = 0; i < 4; i++) {
                w[6 + i] = kernel.getDouble(i / 2, 0, 0, i % 2);
            }
            w[10] = bias.getDouble(0);
            w[11] = bias.getDouble(1);
            return w;
        }

        double[] gradientAt(double[] w) {
            double[] g = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                g[i] = (1 + i % 4) * w[i];
            }
            return g;
        }
    }
}
