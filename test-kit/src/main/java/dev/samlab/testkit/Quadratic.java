package dev.samlab.testkit;

import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.model.Parameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * L(w) = mean over examples i of ½ wᵀAw − b_iᵀw: gradient Aw − mean b_i and Hessian A, known in closed form. w is
 * split across two parameters (a 2-vector weight {@code layer/W} and a 1-vector bias {@code layer/b}) so that norms
 * must be taken over all parameters together; like a DL4J layer's, they are views end to end in one buffer, and
 * their gradients in another, so that optimizers meet a {@link dev.samlab.api.model.ParameterRun} of two. The objective is computed in plain doubles, records where and on
 * which examples it was evaluated, gives per-example losses and subsets, and can be told to return a NaN gradient.
 */
public final class Quadratic {

    /** The Hessian. */
    public static final double[][] A = {{3, 1, 0}, {1, 2, 0.5}, {0, 0.5, 1}};
    /** The start of {@link #standard()}. */
    public static final double[] W0 = {1, -2, 0.5};
    /** The four examples of {@link #standard()}, one b_i per row. */
    public static final double[][] B = {{1, 0, 2}, {0, 1, -1}, {2, 2, 0}, {5, -4, 3}};

    public final INDArray weight;
    public final INDArray bias;
    public final Parameters parameters;
    private final double[][] b;
    /** The evaluation (counted from 1) that writes NaN into the bias gradient; -1 for none. */
    public int nanAtEvaluation = -1;

    public int evaluations;
    /** The examples of each evaluation, in order. */
    public final List<int[]> examplesEvaluated = new ArrayList<>();
    /** The weights at each evaluation, in order. */
    public final List<double[]> weightsEvaluated = new ArrayList<>();

    /** Four examples from {@link #W0}: what the contract checks run on. */
    public static Quadratic standard() {
        return new Quadratic(W0, B);
    }

    /** @param b one row per example */
    public Quadratic(double[] w, double[][] b) {
        this(w, b, DataType.DOUBLE);
    }

    /**
     * @param b    one row per example
     * @param type of the parameters' tensors (the loss is computed in double either way): float32 takes the paths
     *             that training on the CPU takes
     */
    public Quadratic(double[] w, double[][] b, DataType type) {
        INDArray values = Nd4j.createFromArray(w[0], w[1], w[2]).castTo(type);
        INDArray gradients = values.ulike().assign(0);
        this.weight = values.get(NDArrayIndex.interval(0, 2));
        this.bias = values.get(NDArrayIndex.interval(2, 3));
        this.b = b;
        this.parameters = new Parameters(List.of(
                new Parameter("layer/W", ParameterRole.WEIGHT, weight, gradients.get(NDArrayIndex.interval(0, 2))),
                new Parameter("layer/b", ParameterRole.BIAS, bias, gradients.get(NDArrayIndex.interval(2, 3)))));
    }

    public double[] w() {
        return new double[] {weight.getDouble(0), weight.getDouble(1), bias.getDouble(0)};
    }

    public void setW(double[] w) {
        weight.putScalar(0, w[0]);
        weight.putScalar(1, w[1]);
        bias.putScalar(0, w[2]);
    }

    public double[] gradient() {
        return new double[] {
            parameters.list().get(0).gradient().getDouble(0),
            parameters.list().get(0).gradient().getDouble(1),
            parameters.list().get(1).gradient().getDouble(0)
        };
    }

    /** ∇L at {@code w} over examples [from, to). */
    public double[] gradientAt(double[] w, int from, int to) {
        return gradientAt(w, IntStream.range(from, to).toArray());
    }

    /** ∇L at {@code w} over the given examples. */
    public double[] gradientAt(double[] w, int[] examples) {
        double[] g = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                g[i] += A[i][j] * w[j];
            }
            for (int k : examples) {
                g[i] -= b[k][i] / examples.length;
            }
        }
        return g;
    }

    /** Example k's loss ½ wᵀAw − b_kᵀw at {@code w}. */
    public double lossAt(double[] w, int k) {
        double loss = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                loss += 0.5 * w[i] * A[i][j] * w[j];
            }
            loss -= b[k][i] * w[i];
        }
        return loss;
    }

    public Objective objective() {
        return objective(IntStream.range(0, b.length).toArray());
    }

    private Objective objective(int[] examples) {
        return new Objective() {
            @Override
            public Evaluation evaluate() {
                evaluations++;
                double[] w = w();
                double[] g = gradientAt(w, examples);
                double loss = Arrays.stream(examples)
                        .mapToDouble(k -> lossAt(w, k))
                        .average()
                        .orElseThrow();
                if (nanAtEvaluation == evaluations) {
                    g[2] = Double.NaN;
                }
                parameters.list().get(0).gradient().putScalar(0, g[0]);
                parameters.list().get(0).gradient().putScalar(1, g[1]);
                parameters.list().get(1).gradient().putScalar(0, g[2]);
                examplesEvaluated.add(examples);
                weightsEvaluated.add(w);
                return new Evaluation(loss, 0, examples.length);
            }

            @Override
            public int batchSize() {
                return examples.length;
            }

            @Override
            public Objective subBatch(int start, int end) {
                return objective(Arrays.copyOfRange(examples, start, end));
            }

            @Override
            public Objective subset(int[] indices) {
                return objective(Arrays.stream(indices).map(i -> examples[i]).toArray());
            }

            @Override
            public double[] exampleLosses() {
                double[] w = w();
                return Arrays.stream(examples).mapToDouble(k -> lossAt(w, k)).toArray();
            }
        };
    }

    public static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    public static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    public static double[] plus(double[] a, double scale, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] + scale * b[i];
        }
        return r;
    }
}
