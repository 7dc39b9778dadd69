package dev.samlab.datasets.idx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX files as LeCun's are. Pixel values and labels follow formulas of the image number, so misplaced rows,
 * columns or images are caught.
 */
public final class IdxFiles {

    private IdxFiles() {}

    /** A small MNIST-shaped dataset in {@code folder}: 200 training and 50 test images, the training split gzipped. */
    public static Path write(Path folder) throws IOException {
        Files.createDirectories(folder);
        writeSplit(folder, "train", 0, 200, true);
        writeSplit(folder, "t10k", 200, 50, false);
        return folder;
    }

    static int label(int n) {
        return (n * 7 + 3) % 10;
    }

    static int pixel(int n, int row, int column) {
        return (n * 5 + row * 9 + column) % 256;
    }

    /** Writes {@code folder/<split>-images-idx3-ubyte} and its labels, images numbered from {@code first}. */
    static void writeSplit(Path folder, String split, int first, int count, boolean gzip) throws IOException {
        String suffix = gzip ? ".gz" : "";
        write(folder.resolve(split + "-images-idx3-ubyte" + suffix), images(first, count), gzip);
        write(folder.resolve(split + "-labels-idx1-ubyte" + suffix), labels(first, count), gzip);
    }

    static byte[] images(int first, int count) {
        ByteBuffer bytes = ByteBuffer.allocate(16 + count * 28 * 28)
                .putInt(0x803)
                .putInt(count)
                .putInt(28)
                .putInt(28);
        for (int n = first; n < first + count; n++) {
            for (int row = 0; row < 28; row++) {
                for (int col = 0; col < 28; col++) {
                    bytes.put((byte) pixel(n, row, col));
                }
            }
        }
        return bytes.array();
    }

    static byte[] labels(int first, int count) {
        ByteBuffer bytes = ByteBuffer.allocate(8 + count).putInt(0x801).putInt(count);
        for (int n = first; n < first + count; n++) {
            bytes.put((byte) label(n));
        }
        return bytes.array();
    }

    static Path write(Path file, byte[] bytes, boolean gzip) throws IOException {
        if (!gzip) {
            return Files.write(file, bytes);
        }
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(zipped)) {
            out.write(bytes);
        }
        return Files.write(file, zipped.toByteArray());
    }
}
