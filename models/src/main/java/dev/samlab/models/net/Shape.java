package dev.samlab.models.net;

/**
 * What flows between layers: an image of {@code channels}×{@code height}×{@code width}, or (height and width 0) a
 * vector of {@code channels} values.
 */
record Shape(int channels, int height, int width) {

    static Shape vector(int size) {
        return new Shape(size, 0, 0);
    }

    boolean isImage() {
        return height > 0;
    }

    long size() {
        return isImage() ? (long) channels * height * width : channels;
    }

    @Override
    public String toString() {
        return isImage() ? channels + "x" + height + "x" + width : channels + " values";
    }
}
