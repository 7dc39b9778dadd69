package dev.samlab.models.onednn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J batch-norm layer's running mean and variance, read and written in DL4J's own representation: the variance
 * stored as log10 of the standard deviation where {@code useLogStd} is on (v = (10^s)²), as it is by default.
 */
final class RunningStatistics {

    private final INDArray mean;
    private final INDArray spread;
    private final boolean logStd;
    private final float[] values;

    RunningStatistics(Layer layer) {
        this.logStd = ((BatchNormalization) layer.conf().getLayer()).isUseLogStd();
        this.mean = layer.getParam("mean");
        this.spread = layer.getParam(logStd ? "log10stdev" : "var");
        this.values = new float[Math.toIntExact(mean.length())];
    }

    /** Reads the running mean and variance, one value per channel. */
    void read(float[] meanInto, double[] varianceInto) {
        Dnnl.read(mean, meanInto);
        Dnnl.read(spread, values);
        for (int c = 0; c < values.length; c++) {
            varianceInto[c] = logStd ? Math.pow(10, 2.0 * values[c]) : values[c];
        }
    }

    /** Stores {@code newMean} and {@code newVariance} as the running statistics. */
    void write(float[] newMean, double[] newVariance) {
        for (int c = 0; c < values.length; c++) {
            values[c] = (float) (logStd ? 0.5 * Math.log10(newVariance[c]) : newVariance[c]);
        }
        Dnnl.write(newMean, mean);
        Dnnl.write(values, spread);
    }
}
