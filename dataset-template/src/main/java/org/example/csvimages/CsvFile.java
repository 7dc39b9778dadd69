package org.example.csvimages;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * One CSV file of images, as read: a label per example and its pixel values, in the file's order.
 *
 * <p>The format (Kaggle's MNIST {@code train.csv}): one example a line, values separated by commas, the label first
 * (a whole number from 0), then the pixel values (whole numbers 0-255), the same number on every line. A first line
 * without any number in it is a header ({@code label,pixel0,pixel1,...}) and skipped, as are blank lines; spaces
 * around values, Windows line ends and a UTF-8 byte-order mark (Excel writes one) are allowed. Every error names the
 * file and the line.
 *
 * @param pixels how many pixel values each line holds
 */
record CsvFile(int[] labels, byte[] values, int pixels) {

    /**
     * @param pixels  the pixel values each line must hold, or -1 for as many as the first example has
     * @param classes labels must be below this; {@link Integer#MAX_VALUE} for any label
     */
    static CsvFile read(Path file, int pixels, int classes) throws IOException {
        IntStream.Builder labels = IntStream.builder();
        ByteArrayOutputStream values = new ByteArrayOutputStream();
        // InputStreamReader turns bytes that are not UTF-8 into U+FFFD, refused below with the line; a reader from
        // Files.newBufferedReader would throw an exception that names no file
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            int lineNumber = 0;
            boolean first = true;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                String at = file + " line " + lineNumber + ": ";
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1); // -1 keeps a trailing empty value, refused as one
                if (first && isHeader(fields)) {
                    first = false;
                    continue;
                }
                first = false;
                if (pixels < 0) {
                    pixels = fields.length - 1;
                }
                if (fields.length != pixels + 1) {
                    throw new IOException(at + fields.length + " values, expected " + (pixels + 1) + " (the label,"
                            + " then " + pixels + " pixel values)"
                            + (fields.length == pixels ? "; no label? every line starts with its label" : ""));
                }
                int label = number(fields, 0, at);
                if (label < 0 || label >= classes) {
                    throw new IOException(at + "the label is " + label + ", expected "
                            + (classes == Integer.MAX_VALUE
                                    ? "0 or more"
                                    : "0-" + (classes - 1) + " (dataset.classes, or the largest label in "
                                            + CsvImagesProvider.TRAIN + " + 1)"));
                }
                byte[] row = new byte[pixels];
                for (int i = 0; i < pixels; i++) {
                    int value = number(fields, i + 1, at);
                    if (value < 0 || value > 255) {
                        throw new IOException(at + name(i + 1) + " is " + value + ", expected 0-255");
                    }
                    row[i] = (byte) value; // 128-255 wrap to negative bytes: LabeledImages reads them unsigned
                }
                labels.add(label);
                values.writeBytes(row);
            }
        }
        int[] all = labels.build().toArray();
        if (all.length == 0) {
            throw new IOException(file + ": no examples; expected one a line: the label, then the pixel values 0-255,"
                    + " separated by commas");
        }
        return new CsvFile(all, values.toByteArray(), pixels);
    }

    /** A header names the columns: no value of it is a number (a first example with a bad label is not one). */
    private static boolean isHeader(String[] fields) {
        for (String field : fields) {
            if (field.strip().matches("-?\\d+")) {
                return false;
            }
        }
        return true;
    }

    /** The value in column {@code index} (0: the label); {@code at} names the file and line for the message. */
    private static int number(String[] fields, int index, String at) throws IOException {
        try {
            return Integer.parseInt(fields[index].strip());
        } catch (NumberFormatException e) {
            throw new IOException(at + name(index) + " is '" + fields[index] + "', expected a whole number");
        }
    }

    /** Kaggle's name of a column, and its number as a spreadsheet shows it. */
    private static String name(int index) {
        return (index == 0 ? "the label" : "pixel" + (index - 1)) + " (column " + (index + 1) + ")";
    }

    /**
     * These examples as SamLab holds images: each image channel after channel (planar), each channel row-major.
     *
     * @param hwc the values of one pixel are side by side (r, g, b of pixel 0, then of pixel 1, ...), as a NumPy
     *            image (height, width, channels) flattened has them; else each channel is whole before the next, as
     *            PyTorch's (channels, height, width) flattened, and already SamLab's order
     */
    LabeledImages images(ImageShape shape, boolean hwc) {
        if (!hwc || shape.channels() == 1) {
            return new LabeledImages(shape, values, labels);
        }
        int channels = shape.channels();
        int plane = shape.height() * shape.width();
        byte[] planar = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            int image = i / shape.size();
            int inImage = i % shape.size();
            planar[image * shape.size() + (inImage % channels) * plane + inImage / channels] = values[i];
        }
        return new LabeledImages(shape, planar, labels);
    }
}
