package dev.samlab.runner.bench;

import com.sun.management.ThreadMXBean;
import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRun;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.StepContext;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Times what an optimizer does besides evaluating the model: on a model's parameter shapes and roles, with an
 * objective that costs nothing, a step is pure optimizer work (for SAM: norms, perturbation, restore, base update).
 */
final class OptimizerBench {

    /** What one optimizer cost per step. */
    record Result(
            String optimizer,
            double medianMillis,
            double minMillis,
            long heapBytesPerStep,
            long nativeBytesPerStep,
            double gradientEvaluationsPerStep) {}

    private static final int BATCH = 128;

    private final Parameters parameters;
    private final Objective freeObjective;
    /** Per-example losses the free objective reports, distinct so that ESAM's selection has work to do. */
    private final double[] exampleLosses;

    /**
     * @param like the parameters whose names, roles, shapes, orderings and runs the benchmark's own random float
     *     tensors take: each run of the model's parameters gets a buffer of its own, as in the model's storage
     */
    OptimizerBench(Parameters like, long seed) {
        List<Parameter> list = new ArrayList<>();
        Nd4j.getRandom().setSeed(seed);
        for (ParameterRun run : like.runs()) {
            INDArray values = Nd4j.randn(DataType.FLOAT, run.length()).muli(0.1);
            INDArray gradients = Nd4j.randn(DataType.FLOAT, run.length()).muli(0.01);
            long offset = 0;
            for (Parameter p : run.parameters()) {
                INDArrayIndex span = NDArrayIndex.interval(offset, offset + p.size());
                char ordering = p.value().ordering();
                long[] shape = p.value().shape();
                list.add(new Parameter(
                        p.name(),
                        p.role(),
                        values.get(span).reshape(ordering, shape),
                        gradients.get(span).reshape(ordering, shape)));
                offset += p.size();
            }
        }
        this.parameters = new Parameters(list);
        this.exampleLosses = Nd4j.rand(DataType.DOUBLE, BATCH).toDoubleVector();
        this.freeObjective = free(BATCH);
    }

    /** Leaves the gradients as they are: no model cost at all. */
    private Objective free(int examples) {
        return new Objective() {
            @Override
            public Evaluation evaluate() {
                return new Evaluation(1, 0, examples);
            }

            @Override
            public int batchSize() {
                return examples;
            }

            @Override
            public Objective subBatch(int from, int to) {
                return free(to - from);
            }

            @Override
            public Objective subset(int[] indices) {
                return free(indices.length);
            }

            @Override
            public double[] exampleLosses() {
                return Arrays.copyOf(exampleLosses, examples);
            }
        };
    }

    long parameterCount() {
        return parameters.size();
    }

    int tensorCount() {
        return parameters.list().size();
    }

    int runCount() {
        return parameters.runs().size();
    }

    Result measure(String label, Optimizer optimizer, int warmup, int steps) {
        for (int i = 0; i < warmup; i++) {
            optimizer.step(parameters, freeObjective, StepContext.constant(i, 0));
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long heapBefore = threads.getCurrentThreadAllocatedBytes();
        long nativeBefore = Pointer.totalBytes();
        double[] millis = new double[steps];
        double gradientEvaluations = 0;
        for (int i = 0; i < steps; i++) {
            long start = System.nanoTime();
            gradientEvaluations += optimizer
                    .step(parameters, freeObjective, StepContext.constant(warmup + i, 0))
                    .gradientEvaluations();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        long heap = (threads.getCurrentThreadAllocatedBytes() - heapBefore) / steps;
        long nativeGrowth = (Pointer.totalBytes() - nativeBefore) / steps;
        Arrays.sort(millis);
        return new Result(label, millis[steps / 2], millis[0], heap, nativeGrowth, gradientEvaluations / steps);
    }

    /** Keeps the JIT from discarding the work: the weights are read after the runs. */
    double checksum() {
        return parameters.stream()
                .map(Parameter::value)
                .mapToDouble(v -> v.sumNumber().doubleValue())
                .sum();
    }
}
