package dev.samlab.datasets.imagefolder;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes real PNG and JPEG files with {@link ImageIO}, as a camera or an export from another tool would. */
public final class ImageFolderFiles {

    /** A pixel's value from its position. */
    @FunctionalInterface
    public interface Pixels {
        int at(int y, int x);
    }

    private ImageFolderFiles() {}

    /**
     * A small learnable image folder in {@code root}: 3 classes ({@code bars}, {@code dots}, {@code stripes}) of 12
     * 8x8 images each, gray or colour, split by a fraction (no {@code train/} and {@code test/}).
     */
    public static Path write(Path root, boolean gray) throws IOException {
        String[] classes = {"bars", "dots", "stripes"};
        for (int c = 0; c < classes.length; c++) {
            for (int n = 0; n < 12; n++) {
                int label = c;
                int shade = 40 + 13 * n;
                Pixels pattern = (y, x) -> switch (label) {
                    case 0 -> x % 2 == 0 ? shade : 0;
                    case 1 -> (x + y) % 3 == 0 ? shade : 255 - shade;
                    default -> y % 2 == 0 ? shade : 255;
                };
                Path file = root.resolve(classes[c]).resolve(String.format("%02d.png", n));
                if (gray) {
                    gray(file, 8, 8, pattern);
                } else {
                    rgb(file, 8, 8, (y, x) -> rgb(pattern.at(y, x), 255 - pattern.at(y, x), 30 * label));
                }
            }
        }
        return root;
    }

    public static int rgb(int r, int g, int b) {
        return r << 16 | g << 8 | b;
    }

    /** An 8-bit gray PNG. */
    public static Path gray(Path file, int height, int width, Pixels values) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, values.at(y, x));
            }
        }
        return write(file, image, "png");
    }

    /** A 16-bit gray PNG. */
    public static Path gray16(Path file, int height, int width, Pixels values) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, values.at(y, x));
            }
        }
        return write(file, image, "png");
    }

    /** A colour PNG; {@code rgb} gives {@code 0xRRGGBB}. */
    public static Path rgb(Path file, int height, int width, Pixels rgb) throws IOException {
        return write(file, colour(height, width, rgb, BufferedImage.TYPE_INT_RGB), "png");
    }

    /** A colour PNG with an alpha channel; {@code argb} gives {@code 0xAARRGGBB}. */
    public static Path argb(Path file, int height, int width, Pixels argb) throws IOException {
        return write(file, colour(height, width, argb, BufferedImage.TYPE_INT_ARGB), "png");
    }

    /** A colour JPEG at ImageIO's default quality. */
    public static Path jpeg(Path file, int height, int width, Pixels rgb) throws IOException {
        return write(file, colour(height, width, rgb, BufferedImage.TYPE_INT_RGB), "jpg");
    }

    /** A one-channel JPEG. */
    public static Path grayJpeg(Path file, int height, int width, Pixels values) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, values.at(y, x));
            }
        }
        return write(file, image, "jpg");
    }

    private static BufferedImage colour(int height, int width, Pixels values, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, values.at(y, x));
            }
        }
        return image;
    }

    private static Path write(Path file, BufferedImage image, String format) throws IOException {
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format + " images of type " + image.getType());
        }
        return file;
    }
}
