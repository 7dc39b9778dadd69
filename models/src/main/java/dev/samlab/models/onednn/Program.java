package dev.samlab.models.onednn;

import dev.samlab.models.dl4j.Helpers;
import dev.samlab.models.dl4j.Inference;
import dev.samlab.models.dl4j.Training;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.LoggerFactory;

/**
 * What the oneDNN paths run for a DL4J graph, layer by layer in the order they run: convolutions (with the batch
 * norm and ReLU after them), batch norms, ReLUs, max pooling and residual sums, then global average pooling and the
 * softmax layer. Made by {@link Builder} from the graph's layer names; {@link #training()} and {@link #inference()}
 * compute what the graph computes, from the same parameters.
 */
public final class Program {

    /** One step of the program. */
    sealed interface Op permits Convolution, Normalization, Relu, MaxPooling, Residual {}

    /** A convolution, the batch norm after it (if {@code layer} has one), then ReLU if {@code relu}. */
    record Convolution(ConvLayer layer, boolean relu) implements Op {}

    /** A batch norm that follows no convolution (a pre-activation), then ReLU if {@code relu}. */
    record Normalization(Layer norm, boolean relu) implements Op {}

    record Relu(String name) implements Op {}

    /** Max pooling over {@code size}×{@code size} windows side by side. */
    record MaxPooling(String name, int size) implements Op {}

    /** {@code main(x) + shortcut(x)} (an empty shortcut is the identity), then ReLU if {@code relu}. */
    record Residual(String name, List<Op> main, List<Op> shortcut, boolean relu) implements Op {}

    /**
     * What makes a pass's steps out of the ops, one op at a time: given the tensor an op reads, each method makes its
     * steps and returns the tensor it writes. {@link #sequence} walks a list of ops in order.
     */
    interface Compiler<T> {
        T convolution(Convolution convolution, T x);

        T normalization(Normalization normalization, T x);

        T relu(Relu relu, T x);

        T maxPooling(MaxPooling pooling, T x);

        T residual(Residual residual, T x);

        default T sequence(List<Op> ops, T x) {
            T result = x;
            for (Op op : ops) {
                result = step(op, result);
            }
            return result;
        }

        default T step(Op op, T x) {
            if (op instanceof Convolution convolution) {
                return convolution(convolution, x);
            } else if (op instanceof Normalization normalization) {
                return normalization(normalization, x);
            } else if (op instanceof Relu relu) {
                return relu(relu, x);
            } else if (op instanceof MaxPooling pooling) {
                return maxPooling(pooling, x);
            }
            return residual((Residual) op, x);
        }
    }

    private final List<Op> ops;
    private final Layer output;

    private Program(List<Op> ops, Layer output) {
        this.ops = List.copyOf(ops);
        this.output = output;
    }

    List<Op> ops() {
        return ops;
    }

    /** The softmax layer after the global average pooling. */
    Layer output() {
        return output;
    }

    /** Passes with gradients on oneDNN. */
    public Training training() {
        return new ProgramTraining(this);
    }

    /** Inference on oneDNN, batch norm folded into the convolutions before it. */
    public Inference inference() {
        return new ProgramInference(this);
    }

    /**
     * Whether the oneDNN paths can serve {@code graph}: float32 parameters on ND4J's CPU backend, with oneDNN's
     * native library loadable (it is not in the CUDA build).
     */
    public static boolean supports(ComputationGraph graph) {
        if (graph.params().dataType() != DataType.FLOAT || !Helpers.onCpu()) {
            return false;
        }
        try {
            return Dnnl.Cpu.ENGINE != null;
        } catch (LinkageError e) {
            LoggerFactory.getLogger(Program.class)
                    .warn("oneDNN's library did not load ({}): networks take DL4J's slower path", e.toString());
            return false;
        }
    }

    public static Builder builder(ComputationGraph graph) {
        return new Builder(graph);
    }

    /** Names the layers of the graph in the order they run. */
    public static final class Builder {
        private final ComputationGraph graph;
        private final List<Op> ops = new ArrayList<>();

        private Builder(ComputationGraph graph) {
            this.graph = graph;
        }

        /**
         * A bias-free convolution with square stride and padding, the batch norm after it ({@code norm}, or null),
         * then ReLU if {@code relu}.
         */
        public Builder conv(String conv, String norm, boolean relu) {
            ops.add(new Convolution(ConvLayer.of(graph, conv, norm == null ? null : batchNorm(norm)), relu));
            return this;
        }

        public Builder norm(String norm, boolean relu) {
            ops.add(new Normalization(batchNorm(norm), relu));
            return this;
        }

        public Builder relu(String name) {
            ops.add(new Relu(name));
            return this;
        }

        public Builder maxPool(String name, int size) {
            ops.add(new MaxPooling(name, size));
            return this;
        }

        /** Option A's shortcut as a fixed 1x1 convolution: weight 1 from channel c to channel c, 0 elsewhere. */
        public Builder zeroPaddedShortcut(String name, long in, long out, int stride) {
            INDArray weights = Nd4j.zeros(DataType.FLOAT, out, in, 1, 1);
            for (long c = 0; c < in; c++) {
                weights.putScalar(new long[] {c, c, 0, 0}, 1);
            }
            ops.add(new Convolution(ConvLayer.fixed(name, weights, stride), false));
            return this;
        }

        /** The sum of the two paths, each declared on a builder of its own (an empty shortcut: the identity). */
        public Builder residual(String name, Builder main, Builder shortcut, boolean relu) {
            ops.add(new Residual(name, main.ops, shortcut.ops, relu));
            return this;
        }

        /** After the layers: global average pooling and the softmax layer {@code output}. */
        public Program head(String output) {
            Layer layer = graph.getLayer(output);
            if (!(layer.conf().getLayer() instanceof OutputLayer config)
                    || !(config.getActivationFn() instanceof ActivationSoftmax)) {
                throw new IllegalArgumentException(output + ": expected a softmax output layer");
            }
            return new Program(ops, layer);
        }

        private Layer batchNorm(String name) {
            Layer layer = graph.getLayer(name);
            if (!(layer.conf().getLayer() instanceof BatchNormalization config) || config.isLockGammaBeta()) {
                throw new IllegalArgumentException(name + ": expected a batch-norm layer with learned scale and shift");
            }
            return layer;
        }
    }
}
