package dev.samlab.runner.data;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;

/**
 * Per-channel mean and standard deviation of the training images, in pixel units: inputs are fed to the model
 * as {@code (pixel - mean) / std}, the usual CIFAR preprocessing, computed from the data rather than hard-coded.
 */
public record ChannelNormalization(double[] mean, double[] std) {

    public static ChannelNormalization of(LabeledImages images) {
        ImageShape shape = images.shape();
        int plane = shape.height() * shape.width();
        double[] sum = new double[shape.channels()];
        double[] sumOfSquares = new double[shape.channels()];
        byte[] pixels = images.pixels();
        for (int i = 0; i < images.size(); i++) {
            for (int c = 0; c < shape.channels(); c++) {
                int offset = i * shape.size() + c * plane;
                long s = 0;
                long s2 = 0;
                for (int p = 0; p < plane; p++) {
                    int v = pixels[offset + p] & 0xFF;
                    s += v;
                    s2 += (long) v * v;
                }
                sum[c] += s;
                sumOfSquares[c] += s2;
            }
        }
        double count = (double) images.size() * plane;
        double[] mean = new double[shape.channels()];
        double[] std = new double[shape.channels()];
        for (int c = 0; c < shape.channels(); c++) {
            mean[c] = sum[c] / count;
            std[c] = Math.max(1e-3, Math.sqrt(Math.max(0, sumOfSquares[c] / count - mean[c] * mean[c])));
        }
        return new ChannelNormalization(mean, std);
    }
}
