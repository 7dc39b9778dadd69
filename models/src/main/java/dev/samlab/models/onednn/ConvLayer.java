package dev.samlab.models.onednn;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A square, bias-free DL4J convolution and what follows it, as the inference path reads them. */
record ConvLayer(String name, INDArray weights, int stride, int padding, ChannelAffine normalization) {

    /** The convolution {@code conv} of {@code graph}, followed by its batch-norm layer {@code norm}. */
    static ConvLayer of(ComputationGraph graph, String conv, String norm) {
        ConvolutionLayer config = (ConvolutionLayer) graph.getLayer(conv).conf().getLayer();
        if (config.hasBias()
                || config.getStride()[0] != config.getStride()[1]
                || config.getPadding()[0] != config.getPadding()[1]) {
            throw new IllegalArgumentException(conv + ": the inference path folds bias-free, square convolutions");
        }
        if (!(graph.getLayer(norm).conf().getLayer() instanceof BatchNormalization batchNorm)
                || batchNorm.isLockGammaBeta()) {
            throw new IllegalArgumentException(norm + ": expected a batch-norm layer with learned scale and shift");
        }
        return new ConvLayer(
                conv,
                graph.getLayer(conv).getParam("W"),
                config.getStride()[0],
                config.getPadding()[0],
                ChannelAffine.batchNorm(graph.getLayer(norm)));
    }
}
