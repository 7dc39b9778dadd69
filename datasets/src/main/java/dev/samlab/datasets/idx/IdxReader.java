package dev.samlab.datasets.idx;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads one split of LeCun's IDX format: an images file (big-endian int32 magic 0x803, count, rows, columns, then
 * the pixels as unsigned bytes, row-major) and a labels file (magic 0x801, count, then one byte per label). One
 * grayscale image row-major is already {@link LabeledImages}' layout, so pixels are copied as they are. A name
 * ending in {@code .gz} is gunzipped first.
 */
final class IdxReader {

    static final ImageShape SHAPE = new ImageShape(1, 28, 28);
    private static final int IMAGES_MAGIC = 0x803;
    private static final int LABELS_MAGIC = 0x801;
    private static final int IMAGES_HEADER = 16;
    private static final int LABELS_HEADER = 8;

    private IdxReader() {}

    static LabeledImages read(Path imagesFile, Path labelsFile, int classes) throws IOException {
        byte[] images = bytes(imagesFile);
        ByteBuffer header = header(imagesFile, images, IMAGES_HEADER, IMAGES_MAGIC, "images");
        int count = header.getInt(4);
        int rows = header.getInt(8);
        int columns = header.getInt(12);
        if (rows != SHAPE.height() || columns != SHAPE.width()) {
            throw new IOException(imagesFile + ": images are " + rows + "x" + columns + ", expected " + SHAPE.height()
                    + "x" + SHAPE.width());
        }
        checkLength(imagesFile, images, IMAGES_HEADER, count, SHAPE.size(), "images of " + SHAPE.size() + " bytes");

        byte[] labelBytes = bytes(labelsFile);
        int labelCount = header(labelsFile, labelBytes, LABELS_HEADER, LABELS_MAGIC, "labels")
                .getInt(4);
        if (labelCount != count) {
            throw new IOException(
                    labelsFile + ": holds " + labelCount + " labels but " + imagesFile + " holds " + count + " images");
        }
        checkLength(labelsFile, labelBytes, LABELS_HEADER, count, 1, "labels of 1 byte");
        int[] labels = new int[count];
        for (int n = 0; n < count; n++) {
            labels[n] = labelBytes[LABELS_HEADER + n] & 0xFF;
            if (labels[n] >= classes) {
                throw new IOException(
                        labelsFile + ": label " + n + " is " + labels[n] + ", expected 0-" + (classes - 1));
            }
        }
        return new LabeledImages(
                SHAPE, Arrays.copyOfRange(images, IMAGES_HEADER, IMAGES_HEADER + count * SHAPE.size()), labels);
    }

    private static byte[] bytes(Path file) throws IOException {
        if (!file.getFileName().toString().endsWith(".gz")) {
            return Files.readAllBytes(file);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IOException(file + ": not a readable gzip file (" + e + ")", e);
        }
    }

    /** The header, once its length, magic number and count are checked. */
    private static ByteBuffer header(Path file, byte[] bytes, int length, int magic, String kind) throws IOException {
        if (bytes.length < length) {
            throw new IOException(file + ": the file is truncated: " + bytes.length + " bytes, less than the " + length
                    + "-byte header of an IDX " + kind + " file");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, 0, length); // big-endian, as IDX is
        if (header.getInt(0) != magic) {
            throw new IOException(String.format(
                    "%s: magic number 0x%08X, expected 0x%08X (an IDX %s file)", file, header.getInt(0), magic, kind));
        }
        if (header.getInt(4) < 0) {
            throw new IOException(file + ": negative count " + header.getInt(4));
        }
        return header;
    }

    private static void checkLength(Path file, byte[] bytes, int header, int count, int itemBytes, String items)
            throws IOException {
        long expected = header + (long) count * itemBytes;
        if (bytes.length != expected) {
            throw new IOException(file + ": expected " + expected + " bytes (a " + header + "-byte header and "
                    + count + " " + items + "), found " + bytes.length
                    + (bytes.length < expected ? ": the file is truncated" : ""));
        }
    }
}
