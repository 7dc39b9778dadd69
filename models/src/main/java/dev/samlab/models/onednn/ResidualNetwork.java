package dev.samlab.models.onednn;

import dev.samlab.models.dl4j.Helpers;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.LoggerFactory;

/**
 * A DL4J graph of a residual network of batch-normalized convolutions (the CIFAR ResNets), named layer by layer,
 * for the oneDNN paths that compute what the graph computes: the stem (conv, batch norm, ReLU), basic blocks, global
 * average pooling and a softmax layer.
 *
 * @param output the softmax layer after the pooling
 */
public record ResidualNetwork(ConvLayer stem, List<Block> blocks, Layer output) {

    /**
     * A basic block: conv-bn-ReLU, conv-bn, plus the shortcut, then ReLU.
     *
     * @param shortcut null for the identity
     */
    record Block(ConvLayer first, ConvLayer second, ConvLayer shortcut) {}

    public ResidualNetwork {
        blocks = List.copyOf(blocks);
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
            LoggerFactory.getLogger(ResidualNetwork.class)
                    .warn("oneDNN's library did not load ({}): the ResNets take DL4J's slower path", e.toString());
            return false;
        }
    }

    public static Builder builder(ComputationGraph graph) {
        return new Builder(graph);
    }

    /** Names the layers of the graph in the order they run. */
    public static final class Builder {
        private final ComputationGraph graph;
        private ConvLayer stem;
        private final List<Block> blocks = new ArrayList<>();

        private Builder(ComputationGraph graph) {
            this.graph = graph;
        }

        /** The first convolution and its batch norm, followed by ReLU. */
        public Builder stem(String conv, String norm) {
            stem = ConvLayer.of(graph, conv, norm);
            return this;
        }

        /**
         * A basic block whose shortcut is the identity where the shape stays, otherwise every {@code stride}-th
         * pixel with zero channels appended (option A).
         */
        public Builder block(String firstConv, String firstNorm, String secondConv, String secondNorm) {
            ConvLayer first = ConvLayer.of(graph, firstConv, firstNorm);
            ConvLayer second = ConvLayer.of(graph, secondConv, secondNorm);
            long in = first.weights().size(1);
            long out = second.weights().size(0);
            ConvLayer shortcut = first.stride() == 1 && in == out ? null : subsample(first, in, out);
            blocks.add(new Block(first, second, shortcut));
            return this;
        }

        /** A basic block whose shortcut is a 1x1 convolution with batch norm (option B). */
        public Builder block(
                String firstConv,
                String firstNorm,
                String secondConv,
                String secondNorm,
                String shortcutConv,
                String shortcutNorm) {
            blocks.add(new Block(
                    ConvLayer.of(graph, firstConv, firstNorm),
                    ConvLayer.of(graph, secondConv, secondNorm),
                    ConvLayer.of(graph, shortcutConv, shortcutNorm)));
            return this;
        }

        /** After the blocks: global average pooling and the softmax layer {@code output}. */
        public ResidualNetwork head(String output) {
            Layer layer = graph.getLayer(output);
            if (!(layer.conf().getLayer() instanceof OutputLayer config)
                    || !(config.getActivationFn() instanceof ActivationSoftmax)) {
                throw new IllegalArgumentException(output + ": expected a softmax output layer");
            }
            if (stem == null) {
                throw new IllegalStateException("the stem comes first");
            }
            return new ResidualNetwork(stem, blocks, layer);
        }

        /** Option A's shortcut as a 1x1 convolution: weight 1 from channel c to channel c, 0 elsewhere. */
        private static ConvLayer subsample(ConvLayer first, long in, long out) {
            INDArray weights = Nd4j.zeros(DataType.FLOAT, out, in, 1, 1);
            for (long c = 0; c < in; c++) {
                weights.putScalar(new long[] {c, c, 0, 0}, 1);
            }
            return ConvLayer.fixed(first.name() + " (shortcut)", weights, first.stride());
        }
    }
}
