package dev.samlab.models.onednn;

import dev.samlab.models.dl4j.LayerGradients;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A square, bias-free convolution and the batch norm after it, as the oneDNN paths read them.
 *
 * @param conv the DL4J layer, or null for a convolution with fixed weights (option A's shortcut)
 * @param norm the DL4J batch-norm layer after it, or null for none
 */
record ConvLayer(String name, INDArray weights, int stride, int padding, Layer conv, Layer norm) {

    /** The convolution {@code conv} of {@code graph}, followed by the batch-norm layer {@code norm} (or null). */
    static ConvLayer of(ComputationGraph graph, String conv, Layer norm) {
        ConvolutionLayer config = (ConvolutionLayer) graph.getLayer(conv).conf().getLayer();
        if (config.hasBias()
                || config.getStride()[0] != config.getStride()[1]
                || config.getPadding()[0] != config.getPadding()[1]) {
            throw new IllegalArgumentException(conv + ": the oneDNN path takes bias-free, square convolutions");
        }
        Layer layer = graph.getLayer(conv);
        return new ConvLayer(conv, layer.getParam("W"), config.getStride()[0], config.getPadding()[0], layer, norm);
    }

    /** A convolution whose weights never change. */
    static ConvLayer fixed(String name, INDArray weights, int stride) {
        return new ConvLayer(name, weights, stride, 0, null, null);
    }

    /** What follows it in inference mode: its batch norm with the running statistics, or nothing. */
    ChannelAffine normalization() {
        return norm == null ? ChannelAffine.identity((int) weights.size(0)) : ChannelAffine.batchNorm(norm);
    }

    /** Where the gradient of its weights goes; null where they are fixed. */
    INDArray weightGradient() {
        return conv == null ? null : LayerGradients.of(conv).get("W");
    }

    /** Its output shape for an input of {@code input} [examples, channels, height, width]. */
    long[] outputShape(long[] input) {
        long kernel = weights.size(2);
        long[] out = {input[0], weights.size(0), 0, 0};
        for (int d = 2; d < 4; d++) {
            out[d] = (input[d] + 2L * padding - kernel) / stride + 1;
        }
        return out;
    }
}
