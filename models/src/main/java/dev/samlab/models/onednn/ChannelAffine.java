package dev.samlab.models.onednn;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;

/** A per-channel y = scale·x + shift after a convolution: inference-mode batch norm, or nothing. */
interface ChannelAffine {

    /** The current scale and shift, one value per output channel. */
    Folding folding();

    record Folding(float[] scale, float[] shift) {}

    static ChannelAffine identity(int channels) {
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        Folding folding = new Folding(ones, new float[channels]);
        return () -> folding;
    }

    /**
     * A DL4J batch-norm layer in inference mode: scale γ/√(v + ε), shift β − μ·scale, with the running mean μ and
     * variance v (DL4J stores log10 of the standard deviation where {@code useLogStd} is on: v = (10^s)²).
     */
    static ChannelAffine batchNorm(Layer layer) {
        BatchNormalization config = (BatchNormalization) layer.conf().getLayer();
        double epsilon = config.getEps();
        boolean logStd = config.isUseLogStd();
        int channels = Math.toIntExact(layer.getParam("gamma").length());
        float[] gamma = new float[channels];
        float[] beta = new float[channels];
        float[] mean = new float[channels];
        float[] spread = new float[channels];
        return () -> {
            Dnnl.read(layer.getParam("gamma"), gamma);
            Dnnl.read(layer.getParam("beta"), beta);
            Dnnl.read(layer.getParam("mean"), mean);
            Dnnl.read(layer.getParam(logStd ? "log10stdev" : "var"), spread);
            float[] scale = new float[channels];
            float[] shift = new float[channels];
            for (int c = 0; c < channels; c++) {
                double variance = logStd ? Math.pow(Math.pow(10, spread[c]), 2) : spread[c];
                double factor = gamma[c] / Math.sqrt(variance + epsilon);
                scale[c] = (float) factor;
                shift[c] = (float) (beta[c] - mean[c] * factor);
            }
            return new Folding(scale, shift);
        };
    }
}
