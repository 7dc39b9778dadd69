package dev.samlab.datasets.imagefolder;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.datasets.imagefolder.ImageFolderIndex.Entry;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads PNG and JPEG files with {@link ImageIO} into {@link LabeledImages}' layout: one byte per value, channel
 * after channel, each row-major.
 *
 * <p>Gray images are read from their raster as stored (16-bit values scaled to 8), not through
 * {@link BufferedImage#getRGB}, which treats Java's gray as linear and brightens it (128 becomes 188). Colour images
 * are read as sRGB; transparency is dropped, as torchvision's {@code convert("RGB")} drops it. A colour image made
 * gray takes its luma, {@code (19595 R + 38470 G + 7471 B + 2^15) >> 16} (ITU-R 601, as Pillow's {@code
 * convert("L")}). Resizing is done here on the values, per axis: area averaging where an axis shrinks, bilinear
 * interpolation between pixel centres where it grows.
 *
 * <p>A damaged file is refused with its name when its split is read, not decoded as best it can be: ImageIO decodes a
 * truncated JPEG (gray where data is missing) with a warning, which is taken as an error, and stops reading a PNG
 * after its pixels, so a PNG must also have the IEND chunk that ends it.
 */
final class ImageFolderReader {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** An empty IEND chunk: length 0, type, CRC. */
    private static final byte[] PNG_END = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

    /** A split's values are one byte array, which Java caps at 2 GiB. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** What an image file's header says. */
    record Header(int height, int width, boolean gray) {}

    private ImageFolderReader() {}

    /**
     * The shape every image is read as. Reads each file's header (not its pixels); without {@code resize}, refuses an
     * image whose size differs from the first's.
     *
     * @param resize    {@code [height, width]} to resize to, or null
     * @param grayscale one channel (true), three (false), or null: one when every image is stored as gray
     */
    static ImageShape shape(List<Entry> images, int[] resize, Boolean grayscale) throws IOException {
        Header[] headers = new Header[images.size()];
        IOException[] errors = new IOException[images.size()];
        IntStream.range(0, images.size()).parallel().forEach(i -> {
            try {
                headers[i] = header(images.get(i).file());
            } catch (IOException e) {
                errors[i] = e;
            }
        });
        throwFirst(errors);
        Header first = headers[0];
        if (resize == null) {
            for (int i = 1; i < headers.length; i++) {
                if (headers[i].height() != first.height() || headers[i].width() != first.width()) {
                    throw new IOException(images.get(i).file() + ": " + headers[i].height() + "x"
                            + headers[i].width() + " pixels (height x width), expected " + first.height() + "x"
                            + first.width() + " as " + images.get(0).file() + " is; set dataset.size: [height, width]"
                            + " (or size: N for N x N) to resize every image to one size");
                }
            }
        }
        boolean allGray = true;
        for (Header header : headers) {
            allGray &= header.gray();
        }
        int channels = (grayscale == null ? allGray : grayscale) ? 1 : 3;
        return resize == null
                ? new ImageShape(channels, first.height(), first.width())
                : new ImageShape(channels, resize[0], resize[1]);
    }

    /** Decodes {@code images}, each converted to {@code shape}'s channels and resized to its height and width. */
    static LabeledImages read(List<Entry> images, ImageShape shape) throws IOException {
        long bytes = (long) images.size() * shape.size();
        if (bytes > MAX_ARRAY) {
            throw new IOException(images.size() + " images of " + shape.channels() + "x" + shape.height() + "x"
                    + shape.width() + " are " + bytes + " bytes, more than one array holds (2 GiB): set"
                    + " dataset.trainLimit or testLimit, or a smaller dataset.size");
        }
        byte[] pixels = new byte[(int) bytes];
        int[] labels = new int[images.size()];
        IOException[] errors = new IOException[images.size()];
        IntStream.range(0, images.size()).parallel().forEach(i -> {
            try {
                byte[] image = read(images.get(i).file(), shape);
                System.arraycopy(image, 0, pixels, i * shape.size(), shape.size());
                labels[i] = images.get(i).label();
            } catch (IOException e) {
                errors[i] = e;
            }
        });
        throwFirst(errors);
        return new LabeledImages(shape, pixels, labels);
    }

    /** One image's values in {@code shape}. */
    static byte[] read(Path file, ImageShape shape) throws IOException {
        BufferedImage image = decode(file);
        return resize(
                values(image, shape.channels()),
                shape.channels(),
                image.getHeight(),
                image.getWidth(),
                shape.height(),
                shape.width());
    }

    private static void throwFirst(IOException[] errors) throws IOException {
        for (IOException error : errors) {
            if (error != null) {
                throw error;
            }
        }
    }

    static Header header(Path file) throws IOException {
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            ImageReader reader = reader(in);
            try {
                ImageTypeSpecifier type = reader.getRawImageType(0);
                return new Header(
                        reader.getHeight(0), reader.getWidth(0), type != null && isGray(type.getColorModel()));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw unreadable(file, e);
        }
    }

    static BufferedImage decode(Path file) throws IOException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (isTruncatedPng(bytes)) { // ImageIO stops after the pixels, so it misses a cut in the last chunk
                throw new IOException("the file is truncated: it has no IEND chunk, which ends every PNG");
            }
            try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
                ImageReader reader = reader(in);
                try {
                    List<String> warnings = new ArrayList<>();
                    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                    BufferedImage image = reader.read(0);
                    if (!warnings
                            .isEmpty()) { // a truncated JPEG is decoded, gray where data is missing, with a warning
                        throw new IOException(String.join("; ", warnings));
                    }
                    return image;
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw unreadable(file, e);
        }
    }

    /** A PNG without its closing IEND chunk (data after it, as some tools append, is allowed). */
    static boolean isTruncatedPng(byte[] bytes) {
        if (!Arrays.equals(
                bytes, 0, Math.min(bytes.length, PNG_SIGNATURE.length), PNG_SIGNATURE, 0, PNG_SIGNATURE.length)) {
            return false;
        }
        for (int at = bytes.length - PNG_END.length; at >= PNG_SIGNATURE.length; at--) {
            if (Arrays.equals(bytes, at, at + PNG_END.length, PNG_END, 0, PNG_END.length)) {
                return false;
            }
        }
        return true;
    }

    /** A reader positioned on the stream's image. */
    private static ImageReader reader(ImageInputStream in) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new IOException("no image reader recognises its contents");
        }
        ImageReader reader = readers.next();
        reader.setInput(in, true, true);
        return reader;
    }

    private static IOException unreadable(Path file, Exception cause) {
        String detail = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return new IOException(file + ": not a readable PNG or JPEG image (" + detail + ")", cause);
    }

    /** Gray as stored: a gray colour space, or a palette of grays only (as 1-, 2- and 4-bit gray PNGs are read). */
    static boolean isGray(ColorModel model) {
        if (model instanceof IndexColorModel palette) {
            for (int i = 0; i < palette.getMapSize(); i++) {
                if (palette.getRed(i) != palette.getGreen(i) || palette.getGreen(i) != palette.getBlue(i)) {
                    return false;
                }
            }
            return true;
        }
        return model.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    /** The image's values at its own size, planar, in {@code channels} (1 or 3). */
    static byte[] values(BufferedImage image, int channels) {
        int height = image.getHeight();
        int width = image.getWidth();
        int plane = height * width;
        byte[] values = new byte[channels * plane];
        ColorModel model = image.getColorModel();
        if (!(model instanceof IndexColorModel) && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            Raster raster = image.getRaster();
            int max = (1 << model.getComponentSize(0)) - 1;
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, 0, row);
                for (int x = 0; x < width; x++) {
                    byte v = (byte) (max == 255 ? row[x] : Math.round(row[x] * 255.0 / max));
                    for (int c = 0; c < channels; c++) {
                        values[c * plane + y * width + x] = v;
                    }
                }
            }
            return values;
        }
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        for (int p = 0; p < plane; p++) {
            int r = (argb[p] >> 16) & 0xFF;
            int g = (argb[p] >> 8) & 0xFF;
            int b = argb[p] & 0xFF;
            if (channels == 1) {
                values[p] = (byte) ((19595 * r + 38470 * g + 7471 * b + 0x8000) >> 16);
            } else {
                values[p] = (byte) r;
                values[plane + p] = (byte) g;
                values[2 * plane + p] = (byte) b;
            }
        }
        return values;
    }

    /** Planar values resized from {@code height x width} to {@code toHeight x toWidth}, width first. */
    static byte[] resize(byte[] values, int channels, int height, int width, int toHeight, int toWidth) {
        if (height == toHeight && width == toWidth) {
            return values;
        }
        Axis columns = Axis.of(width, toWidth);
        Axis rows = Axis.of(height, toHeight);
        byte[] resized = new byte[channels * toHeight * toWidth];
        double[] wide = new double[height * toWidth];
        for (int c = 0; c < channels; c++) {
            int from = c * height * width;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < toWidth; x++) {
                    double sum = 0;
                    for (int k = 0; k < columns.from[x].length; k++) {
                        sum += columns.weight[x][k] * (values[from + y * width + columns.from[x][k]] & 0xFF);
                    }
                    wide[y * toWidth + x] = sum;
                }
            }
            int to = c * toHeight * toWidth;
            for (int y = 0; y < toHeight; y++) {
                for (int x = 0; x < toWidth; x++) {
                    double sum = 0;
                    for (int k = 0; k < rows.from[y].length; k++) {
                        sum += rows.weight[y][k] * wide[rows.from[y][k] * toWidth + x];
                    }
                    resized[to + y * toWidth + x] = (byte) Math.max(0, Math.min(255, Math.round(sum)));
                }
            }
        }
        return resized;
    }

    /** For each position along a resized axis, the source positions it takes and their weights (summing to 1). */
    private static final class Axis {

        final int[][] from;
        final double[][] weight;

        private Axis(int[][] from, double[][] weight) {
            this.from = from;
            this.weight = weight;
        }

        static Axis of(int size, int toSize) {
            int[][] from = new int[toSize][];
            double[][] weight = new double[toSize][];
            double scale = (double) size / toSize;
            for (int j = 0; j < toSize; j++) {
                if (toSize <= size) { // area: the source pixels the output pixel covers, by how much
                    double start = j * scale;
                    double end = (j + 1) * scale;
                    int first = (int) Math.floor(start);
                    int last = Math.min(size - 1, (int) Math.ceil(end) - 1);
                    from[j] = new int[last - first + 1];
                    weight[j] = new double[last - first + 1];
                    for (int i = first; i <= last; i++) {
                        from[j][i - first] = i;
                        weight[j][i - first] = (Math.min(end, i + 1) - Math.max(start, i)) / scale;
                    }
                } else { // bilinear between the two nearest source centres, clamped at the edges
                    double at = Math.max(0, Math.min(size - 1, (j + 0.5) * scale - 0.5));
                    int left = (int) Math.floor(at);
                    int right = Math.min(size - 1, left + 1);
                    double t = at - left;
                    from[j] = new int[] {left, right};
                    weight[j] = new double[] {1 - t, t};
                }
            }
            return new Axis(from, weight);
        }
    }
}
