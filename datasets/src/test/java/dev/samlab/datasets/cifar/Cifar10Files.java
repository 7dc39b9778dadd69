package dev.samlab.datasets.cifar;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a CIFAR-10 binary distribution in the exact original layout: six batch files of 10,000 records
 * (label byte, then the R, G and B planes, each 32 rows of 32 bytes) and {@code batches.meta.txt}. Pixel values
 * follow known formulas of (image, channel, row, column), so a reader that mixes up planes, rows or records is
 * caught.
 */
public final class Cifar10Files {

    public static final List<String> CLASS_NAMES =
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private Cifar10Files() {}

    /** Writes {@code parent/cifar-10-batches-bin/} and returns that folder. */
    public static Path write(Path parent) throws IOException {
        Path folder = Files.createDirectories(parent.resolve("cifar-10-batches-bin"));
        int image = 0;
        for (int f = 1; f <= 5; f++) {
            image = writeBatch(folder.resolve("data_batch_" + f + ".bin"), image);
        }
        writeBatch(folder.resolve("test_batch.bin"), 0, 50_000);
        Files.write(
                folder.resolve("batches.meta.txt"),
                (String.join("\n", CLASS_NAMES) + "\n\n").getBytes(StandardCharsets.US_ASCII));
        return folder;
    }

    /**
     * Writes {@code cifar-10-binary.tar.gz} as the official archive is laid out (a {@code cifar-10-batches-bin/}
     * folder entry, then its files) into {@code folder}, and returns it.
     */
    public static Path writeArchive(Path folder) throws IOException {
        Path files = write(Files.createTempDirectory(folder, "source"));
        Path archive = folder.resolve("cifar-10-binary.tar.gz");
        try (OutputStream file = Files.newOutputStream(archive);
                GZIPOutputStream gzip = new GZIPOutputStream(file, 1 << 16) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                };
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip);
                Stream<Path> entries = Files.list(files)) {
            tar.putArchiveEntry(new TarArchiveEntry("cifar-10-batches-bin/"));
            tar.closeArchiveEntry();
            for (Path f : entries.sorted().toList()) {
                TarArchiveEntry entry = new TarArchiveEntry("cifar-10-batches-bin/" + f.getFileName());
                entry.setSize(Files.size(f));
                tar.putArchiveEntry(entry);
                Files.copy(f, tar);
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }

    /** The lower-case hex MD5 of a file, as the CIFAR-10 page publishes its archive's. */
    public static String md5(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    private static int writeBatch(Path file, int firstImage) throws IOException {
        return writeBatch(file, firstImage, 0);
    }

    /** {@code patternOffset} makes test images differ from training images with the same index. */
    private static int writeBatch(Path file, int firstImage, int patternOffset) throws IOException {
        byte[] bytes = new byte[10_000 * 3073];
        for (int r = 0; r < 10_000; r++) {
            int image = firstImage + r;
            int offset = r * 3073;
            bytes[offset] = (byte) label(image + patternOffset);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        bytes[offset + 1 + c * 1024 + y * 32 + x] = (byte) pixel(image + patternOffset, c, y, x);
                    }
                }
            }
        }
        Files.write(file, bytes);
        return firstImage + 10_000;
    }

    /** The label written for training image i (test image i: {@code label(50_000 + i)}). */
    public static int label(int image) {
        return (image * 7 + 3) % 10;
    }

    /** The pixel written for training image i (test image i: {@code pixel(50_000 + i, ...)}). */
    public static int pixel(int image, int channel, int y, int x) {
        return switch (channel) {
            case 0 -> (image + y) % 256;
            case 1 -> (x * 8 + image) % 256;
            default -> (y * x + image * 3) % 256;
        };
    }
}
