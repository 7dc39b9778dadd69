package dev.samlab.runner.data;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Turns one split's raw images into model batches: shuffled, augmented, normalized floats and target
 * distributions. The order and the augmentation of an epoch depend only on the random source handed in.
 */
public final class Batches {

    private final LabeledImages images;
    private final int classes;
    private final ChannelNormalization normalization;
    private final Augmentation augmentation;
    private final double labelSmoothing;
    /** Each image's true label where {@code images} carry corrupted ones (label noise), else null. */
    private final int[] cleanLabels;

    /**
     * @param augmentation   applied only to epochs given a random source
     * @param labelSmoothing target weight spread uniformly over all classes
     */
    public Batches(
            LabeledImages images,
            int classes,
            ChannelNormalization normalization,
            Augmentation augmentation,
            double labelSmoothing) {
        this(images, classes, normalization, augmentation, labelSmoothing, null);
    }

    private Batches(
            LabeledImages images,
            int classes,
            ChannelNormalization normalization,
            Augmentation augmentation,
            double labelSmoothing,
            int[] cleanLabels) {
        this.images = images;
        this.classes = classes;
        this.normalization = normalization;
        this.augmentation = augmentation;
        this.labelSmoothing = labelSmoothing;
        this.cleanLabels = cleanLabels;
    }

    /** These batches, each carrying its images' true labels beside their targets ({@link Batch#cleanLabels()}). */
    public Batches withCleanLabels(int[] trueLabels) {
        if (trueLabels.length != size()) {
            throw new IllegalArgumentException(trueLabels.length + " clean labels for " + size() + " images");
        }
        return new Batches(images, classes, normalization, augmentation, labelSmoothing, trueLabels);
    }

    public int size() {
        return images.size();
    }

    public int batchCount(int batchSize) {
        return (size() + batchSize - 1) / batchSize;
    }

    /** A training epoch: a fresh permutation and augmentation drawn from {@code random}, assembled ahead. */
    public BatchStream shuffled(int batchSize, SplittableRandom random) {
        return new BatchStream(raw(permutation(random), batchSize, random), "samlab-training-batches");
    }

    /**
     * The first {@code count} images of a permutation drawn from {@code random}, without augmentation: a fixed
     * random sample, for measurements that must see the same images each time.
     */
    public BatchStream sample(int count, int batchSize, SplittableRandom random) {
        int[] order = Arrays.copyOf(permutation(random), Math.min(count, size()));
        return new BatchStream(raw(order, batchSize, null), "samlab-sample-batches");
    }

    /** Fisher–Yates, inside-out. */
    private int[] permutation(SplittableRandom random) {
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            int j = random.nextInt(i + 1);
            order[i] = order[j];
            order[j] = i;
        }
        return order;
    }

    /** Every image once, in stored order, without augmentation: for evaluation. */
    public BatchStream inOrder(int batchSize) {
        return new BatchStream(raw(identity(), batchSize, null), "samlab-evaluation-batches");
    }

    /** The raw batches of one pass, assembled on the calling thread (the pipeline benchmark times this). */
    Iterator<RawBatch> raw(int[] order, int batchSize, SplittableRandom random) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public RawBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int end = Math.min(order.length, next + batchSize);
                RawBatch batch = assemble(order, next, end, random);
                next = end;
                return batch;
            }
        };
    }

    int[] identity() {
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return order;
    }

    private RawBatch assemble(int[] order, int from, int to, SplittableRandom random) {
        ImageShape shape = images.shape();
        int n = to - from;
        float[] features = new float[n * shape.size()];
        float[] targets = new float[n * classes];
        float[] clean = cleanLabels == null ? null : new float[n];
        Arrays.fill(targets, (float) (labelSmoothing / classes));
        for (int k = 0; k < n; k++) {
            int image = order[from + k];
            int pad = random == null ? 0 : augmentation.padCrop();
            int dy = pad == 0 ? 0 : random.nextInt(-pad, pad + 1);
            int dx = pad == 0 ? 0 : random.nextInt(-pad, pad + 1);
            boolean flip = random != null && augmentation.horizontalFlip() && random.nextBoolean();
            copyImage(image, features, k * shape.size(), dy, dx, flip);
            if (random != null && augmentation.cutout() > 0) {
                cutOut(features, k * shape.size(), random.nextInt(shape.height()), random.nextInt(shape.width()));
            }
            targets[k * classes + images.labels()[image]] += (float) (1 - labelSmoothing);
            if (clean != null) {
                clean[k] = cleanLabels[image];
            }
        }
        long[] featureShape = {n, shape.channels(), shape.height(), shape.width()};
        return new RawBatch(features, featureShape, targets, new long[] {n, classes}, clean);
    }

    /** Sets a square of side {@code cutout} centred at (cy, cx), clipped at the borders, to 0 (the channel mean). */
    private void cutOut(float[] out, int offset, int cy, int cx) {
        ImageShape shape = images.shape();
        int half = augmentation.cutout() / 2;
        int y0 = Math.max(0, cy - half);
        int y1 = Math.min(shape.height(), cy - half + augmentation.cutout());
        int x0 = Math.max(0, cx - half);
        int x1 = Math.min(shape.width(), cx - half + augmentation.cutout());
        for (int c = 0; c < shape.channels(); c++) {
            for (int y = y0; y < y1; y++) {
                int row = offset + (c * shape.height() + y) * shape.width();
                Arrays.fill(out, row + x0, row + x1, 0f);
            }
        }
    }

    /**
     * Writes image {@code image} normalized into {@code out}, shifted by (dy, dx) with zero padding outside
     * (the pad-and-random-crop augmentation) and optionally mirrored.
     */
    private void copyImage(int image, float[] out, int offset, int dy, int dx, boolean flip) {
        ImageShape shape = images.shape();
        int h = shape.height();
        int w = shape.width();
        byte[] pixels = images.pixels();
        int base = image * shape.size();
        for (int c = 0; c < shape.channels(); c++) {
            float mean = (float) normalization.mean()[c];
            float scale = (float) (1 / normalization.std()[c]);
            float padded = -mean * scale;
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                for (int x = 0; x < w; x++) {
                    int sx = (flip ? w - 1 - x : x) + dx;
                    boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
                    out[offset + (c * h + y) * w + x] =
                            inside ? ((pixels[base + (c * h + sy) * w + sx] & 0xFF) - mean) * scale : padded;
                }
            }
        }
    }
}
