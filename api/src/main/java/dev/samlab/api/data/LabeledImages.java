package dev.samlab.api.data;

import java.util.Arrays;

/**
 * Images with their class labels, kept as raw bytes: the form the original files have, four times smaller
 * than floats. The runner normalizes and augments them batch by batch.
 *
 * @param pixels image after image, each channel after channel (planar), each channel row-major: pixel
 *               (c, y, x) of image i is at {@code i * shape.size() + (c * height + y) * width + x}
 * @param labels class index per image, in {@code [0, classes)}
 */
public record LabeledImages(ImageShape shape, byte[] pixels, int[] labels) {

    public LabeledImages {
        if ((long) labels.length * shape.size() != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels need " + (long) labels.length * shape.size()
                    + " pixel bytes, got " + pixels.length);
        }
    }

    public int size() {
        return labels.length;
    }

    /** The first {@code n} images, or all of them if there are fewer. */
    public LabeledImages first(int n) {
        return n >= size() ? this : slice(0, n);
    }

    /** Images {@code [from, to)}. */
    public LabeledImages slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + size() + " images");
        }
        return new LabeledImages(
                shape,
                Arrays.copyOfRange(pixels, from * shape.size(), to * shape.size()),
                Arrays.copyOfRange(labels, from, to));
    }

    /** These images followed by {@code more}, which must have the same shape. */
    public LabeledImages concat(LabeledImages more) {
        if (!more.shape.equals(shape)) {
            throw new IllegalArgumentException("cannot join images of shape " + shape + " and " + more.shape);
        }
        byte[] joinedPixels = Arrays.copyOf(pixels, pixels.length + more.pixels.length);
        System.arraycopy(more.pixels, 0, joinedPixels, pixels.length, more.pixels.length);
        int[] joinedLabels = Arrays.copyOf(labels, labels.length + more.labels.length);
        System.arraycopy(more.labels, 0, joinedLabels, labels.length, more.labels.length);
        return new LabeledImages(shape, joinedPixels, joinedLabels);
    }

    /** The unsigned value of pixel (c, y, x) of image i. */
    public int pixel(int i, int c, int y, int x) {
        return pixels[i * shape.size() + (c * shape.height() + y) * shape.width() + x] & 0xFF;
    }
}
