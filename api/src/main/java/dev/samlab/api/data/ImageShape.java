package dev.samlab.api.data;

/** The shape of one image, channels first. */
public record ImageShape(int channels, int height, int width) {

    public ImageShape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    "image shape must be positive, got " + channels + "x" + height + "x" + width);
        }
    }

    /** Bytes (or values) per image. */
    public int size() {
        return channels * height * width;
    }
}
