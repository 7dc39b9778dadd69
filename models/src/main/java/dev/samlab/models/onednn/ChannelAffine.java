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
     * variance v.
     */
    static ChannelAffine batchNorm(Layer layer) {
        double epsilon = ((BatchNormalization) layer.conf().getLayer()).getEps();
        RunningStatistics statistics = new RunningStatistics(layer);
        int channels = Math.toIntExact(layer.getParam("gamma").length());
        float[] gamma = new float[channels];
        float[] beta = new float[channels];
        float[] mean = new float[channels];
        double[] variance = new double[channels];
        return () -> {
            Dnnl.read(layer.getParam("gamma"), gamma);
            Dnnl.read(layer.getParam("beta"), beta);
            statistics.read(mean, variance);
            float[] scale = new float[channels];
            float[] shift = new float[channels];
            for (int c = 0; c < channels; c++) {
                double factor = gamma[c] / Math.sqrt(variance[c] + epsilon);
                scale[c] = (float) factor;
                shift[c] = (float) (beta[c] - mean[c] * factor);
            }
            return new Folding(scale, shift);
        };
    }
}
