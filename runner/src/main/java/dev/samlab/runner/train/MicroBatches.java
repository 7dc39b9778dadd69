package dev.samlab.runner.train;

import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.Parameters;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradient accumulation ({@code training.microBatch}): an objective evaluated in chunks of at most {@code size}
 * examples, whose gradients are summed, each weighted by its share of the batch, into the mean gradient of the whole
 * batch, at the memory of one chunk. Optimizers see one objective, so SAM's two passes, m-sharpness and ESAM's
 * selection all run chunked: a SAM step over 512 examples in chunks of 64 perturbs with the gradient of all 512.
 * Batch norm normalizes each chunk with its own statistics. The sums are allocated once and reused.
 */
public final class MicroBatches {

    private final Parameters parameters;
    private final int size;
    private final Map<String, INDArray> sums = new HashMap<>();

    /** @param parameters those the objectives write their gradients into */
    public MicroBatches(Parameters parameters, int size) {
        this.parameters = parameters;
        this.size = size;
    }

    /** {@code objective}, evaluated in chunks when it holds more than a chunk. */
    public Objective around(Objective objective) {
        return objective.batchSize() <= size ? objective : new Chunked(objective);
    }

    private final class Chunked implements Objective {
        private final Objective whole;

        Chunked(Objective whole) {
            this.whole = whole;
        }

        @Override
        public Evaluation evaluate() {
            int examples = whole.batchSize();
            Evaluation evaluation = new Evaluation(0, 0, 0);
            for (int from = 0; from < examples; from += size) {
                int to = Math.min(examples, from + size);
                Evaluation chunk = whole.subBatch(from, to).evaluate();
                evaluation = evaluation.plus(chunk);
                double share = (double) (to - from) / examples;
                for (Parameter p : parameters) {
                    INDArray sum =
                            sums.computeIfAbsent(p.name(), name -> p.gradient().ulike());
                    INDArray weighted = p.gradient().muli(share); // overwritten by the next chunk anyway
                    if (from == 0) {
                        sum.assign(weighted);
                    } else {
                        sum.addi(weighted);
                    }
                }
            }
            for (Parameter p : parameters) {
                p.gradient().assign(sums.get(p.name()));
            }
            return evaluation;
        }

        @Override
        public int batchSize() {
            return whole.batchSize();
        }

        @Override
        public Objective subBatch(int from, int to) {
            return around(whole.subBatch(from, to));
        }

        @Override
        public Objective subset(int[] indices) {
            return around(whole.subset(indices));
        }

        @Override
        public double[] exampleLosses() {
            int examples = whole.batchSize();
            return IntStream.iterate(0, from -> from < examples, from -> from + size)
                    .mapToObj(from -> whole.subBatch(from, Math.min(examples, from + size))
                            .exampleLosses())
                    .flatMapToDouble(DoubleStream::of)
                    .toArray();
        }
    }
}
