package dev.samlab.datasets.synthetic;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import java.util.SplittableRandom;

/**
 * Generates the synthetic images. Each class has a smooth colour pattern (a few random plane waves per
 * channel); an image is its class pattern, shifted by up to {@value #MAX_SHIFT} pixels, plus a weaker pattern of
 * another class, plus Gaussian pixel noise. The shifts and the distractor keep a linear model well short of
 * 100%, while a network that learns shift-tolerant features does better.
 *
 * <p>Image i of a split depends only on (seed, split, i): a larger set starts with the images of a smaller one.
 */
final class SyntheticImages {

    static final ImageShape SHAPE = new ImageShape(3, 32, 32);
    private static final int MAX_SHIFT = 4;
    private static final int WAVES_PER_CHANNEL = 3;
    private static final double SIGNAL = 50;
    private static final double DISTRACTOR = 25;
    private static final double TINT = 6;

    private final SyntheticConfig config;
    private final float[][] patterns;
    /** A faint colour cast per class: the only part of the signal a linear model can use. */
    private final double[][] tints;

    SyntheticImages(SyntheticConfig config) {
        this.config = config;
        this.patterns = new float[config.classes()][];
        this.tints = new double[config.classes()][SHAPE.channels()];
        SplittableRandom random = new SplittableRandom(config.seed());
        for (int c = 0; c < config.classes(); c++) {
            patterns[c] = pattern(random);
            for (int channel = 0; channel < SHAPE.channels(); channel++) {
                tints[c][channel] = random.nextDouble(-1, 1);
            }
        }
    }

    LabeledImages generate(Split split) {
        int count = split == Split.TRAIN ? config.trainSize() : config.testSize();
        byte[] pixels = new byte[count * SHAPE.size()];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            SplittableRandom random =
                    new SplittableRandom(config.seed() * 1_000_003L + split.ordinal() * 7_919L + i).split();
            labels[i] = draw(random, pixels, i * SHAPE.size());
        }
        return new LabeledImages(SHAPE, pixels, labels);
    }

    private int draw(SplittableRandom random, byte[] pixels, int offset) {
        int label = random.nextInt(patterns.length);
        int other = (label + 1 + random.nextInt(patterns.length - 1)) % patterns.length;
        int dy = random.nextInt(-MAX_SHIFT, MAX_SHIFT + 1);
        int dx = random.nextInt(-MAX_SHIFT, MAX_SHIFT + 1);
        // the class pattern appears in positive or negative contrast: its mean over a class is zero, so only a
        // model that detects the pattern whatever its sign (a non-linear one) can use it
        double strength = SIGNAL * (0.7 + 0.6 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
        double distraction = DISTRACTOR * random.nextDouble();
        int h = SHAPE.height();
        int w = SHAPE.width();
        for (int c = 0; c < SHAPE.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int source = (c * h + Math.floorMod(y + dy, h)) * w + Math.floorMod(x + dx, w);
                    double value = 128
                            + TINT * tints[label][c]
                            + strength * patterns[label][source]
                            + distraction * patterns[other][source]
                            + config.noise() * random.nextGaussian();
                    pixels[offset + (c * h + y) * w + x] = (byte) Math.max(0, Math.min(255, Math.round(value)));
                }
            }
        }
        return label;
    }

    /** A smooth pattern with values in about [-1, 1]. */
    private static float[] pattern(SplittableRandom random) {
        int h = SHAPE.height();
        int w = SHAPE.width();
        float[] pattern = new float[SHAPE.size()];
        for (int c = 0; c < SHAPE.channels(); c++) {
            for (int k = 0; k < WAVES_PER_CHANNEL; k++) {
                double fy = random.nextInt(-3, 4) * 2 * Math.PI / h;
                double fx = random.nextInt(-3, 4) * 2 * Math.PI / w;
                double phase = random.nextDouble(2 * Math.PI);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        pattern[(c * h + y) * w + x] += (float) (Math.cos(fy * y + fx * x + phase) / WAVES_PER_CHANNEL);
                    }
                }
            }
        }
        return pattern;
    }
}
