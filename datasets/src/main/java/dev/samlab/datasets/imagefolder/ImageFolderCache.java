package dev.samlab.datasets.imagefolder;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image folder's decoded splits, kept in one file so that a later run reads them instead of decoding (and
 * resizing) every image again. The file is named by a key, a SHA-256 of everything the decoded bytes depend on: the
 * root's absolute path; every image's path within it, label, size and modification time, in each split's order; the
 * keys {@code size}, {@code grayscale}, {@code testFraction}, {@code seed}, {@code trainLimit} and {@code testLimit};
 * the file format's version and the Java version (whose ImageIO decodes). Change any of them and the key, so the file,
 * is another. Bump {@link #VERSION} when {@link ImageFolderReader} comes to give other values.
 *
 * <p>The format, big-endian as {@link DataOutputStream} writes it:
 *
 * <pre>
 *   header  magic "SAMLABIF" (8 bytes), version (int), key (32 bytes), channels, height, width (ints),
 *           train count, test count (ints), CRC32 of the header's 64 bytes so far (long)
 *   train   its labels (count ints), its pixels (count x channels x height x width bytes, as
 *           {@link LabeledImages} holds them), CRC32 of labels and pixels (long)
 *   test    the same
 * </pre>
 *
 * <p>Why so: the counts and shape give the file's exact length, so a file cut short is told from a whole one before
 * anything is read, and the checksums catch damage within it; the header alone is read when the dataset is built (its
 * shape stands in for reading every image's header), a split's section when that split is loaded, as the bytes
 * {@link LabeledImages} takes. A file that cannot be read or does not match is ignored with a warning and replaced.
 * It is written to a temporary file beside it and moved into place atomically, so a file under a cache name is always
 * whole; one that cannot be written is a warning, never an error.
 */
final class ImageFolderCache {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFolderCache.class);

    /** "SAMLABIF" in ASCII. */
    static final long MAGIC = 0x53414D4C41424946L;

    static final int VERSION = 1;
    private static final int KEY_BYTES = 32;
    /** The header's length: where the training images start. */
    static final int HEADER = 8 + 4 + KEY_BYTES + 5 * 4 + 8;

    /** A file that does not match, with why. */
    private static final class Mismatch extends IOException {
        Mismatch(String message) {
            super(message);
        }
    }

    /** What the header says. */
    record Header(ImageShape shape, int trainCount, int testCount) {

        /** Where a split's section starts. */
        long offset(Split split) {
            return split == Split.TEST ? HEADER + section(trainCount) : HEADER;
        }

        int count(Split split) {
            return split == Split.TEST ? testCount : trainCount;
        }

        long length() {
            return HEADER + section(trainCount) + section(testCount);
        }

        private long section(int count) {
            return (long) count * (4 + shape.size()) + 8;
        }
    }

    private final Path file;
    private final byte[] key;
    private final ImageFolderConfig config;

    /** Set when the file is found unusable, until it is replaced: it is neither read nor warned about again. */
    private boolean unusable;

    private ImageFolderCache(Path file, byte[] key, ImageFolderConfig config) {
        this.file = file;
        this.key = key;
        this.config = config;
    }

    /**
     * The cache file in {@code folder} for the images of {@code index} read with {@code config}. Reads each image's
     * size and modification time, not its contents.
     */
    static ImageFolderCache of(Path folder, Path root, ImageFolderConfig config, ImageFolderIndex index)
            throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        Path absolute = root.toAbsolutePath().normalize();
        try (DataOutputStream out =
                new DataOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), sha256))) {
            out.writeInt(VERSION);
            out.writeUTF(Runtime.version().toString());
            out.writeUTF(absolute.toString());
            out.writeUTF(String.valueOf(config.size()));
            out.writeUTF(String.valueOf(config.grayscale()));
            out.writeUTF(String.valueOf(config.testFraction()));
            out.writeLong(config.seed());
            out.writeUTF(String.valueOf(config.trainLimit()));
            out.writeUTF(String.valueOf(config.testLimit()));
            for (Split split : List.of(Split.TRAIN, Split.TEST)) { // both splits hold every image
                List<ImageFolderIndex.Entry> entries = index.entries(split);
                out.writeInt(entries.size());
                for (ImageFolderIndex.Entry entry : entries) {
                    BasicFileAttributes attributes = Files.readAttributes(entry.file(), BasicFileAttributes.class);
                    out.writeUTF(root.relativize(entry.file()).toString());
                    out.writeInt(entry.label());
                    out.writeLong(attributes.size());
                    out.writeLong(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
                }
            }
        }
        byte[] key = sha256.digest();
        String name = absolute.getFileName() == null
                ? "root"
                : absolute.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        name = name.substring(0, Math.min(name.length(), 64)) + "-"
                + HexFormat.of().formatHex(key, 0, 16) + ".bin";
        return new ImageFolderCache(folder.resolve(name), key, config);
    }

    /** The shape of the cached images, or null when there is no usable file (then the images are decoded). */
    synchronized ImageShape shape() {
        if (unusable) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return header(channel).shape();
        } catch (IOException | RuntimeException e) {
            return ignore(e);
        }
    }

    /**
     * A split as cached, or null when there is no usable file of images of {@code shape} (then the images are decoded
     * and {@link #write} replaces it).
     */
    synchronized LabeledImages read(Split split, ImageShape shape) {
        if (unusable) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = header(channel);
            expect(header.shape().equals(shape), "it holds images of " + header.shape() + ", not " + shape);
            // not buffered: the stream reads from where the channel is, so it can start at the split's section
            DataInputStream in = new DataInputStream(Channels.newInputStream(channel.position(header.offset(split))));
            int count = header.count(split);
            byte[] labelBytes = new byte[4 * count];
            in.readFully(labelBytes);
            byte[] pixels = new byte[count * shape.size()];
            in.readFully(pixels);
            expect(
                    in.readLong() == crc(labelBytes, pixels),
                    "its " + split.name().toLowerCase(Locale.ROOT) + " images do not match their checksum");
            int[] labels = new int[count];
            ByteBuffer.wrap(labelBytes).asIntBuffer().get(labels);
            return new LabeledImages(shape, pixels, labels);
        } catch (IOException | RuntimeException e) {
            return ignore(e);
        }
    }

    /** Writes both splits, replacing the file; a file that cannot be written is a warning. */
    synchronized void write(LabeledImages train, LabeledImages test) {
        Path temp = null;
        try {
            Files.createDirectories(file.getParent());
            // not Files.createTempFile, whose files only their owner may read
            temp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try (FileChannel channel =
                    FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                DataOutputStream out =
                        new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
                ImageShape shape = train.shape();
                ByteBuffer header = ByteBuffer.allocate(HEADER - 8)
                        .putLong(MAGIC)
                        .putInt(VERSION)
                        .put(key)
                        .putInt(shape.channels())
                        .putInt(shape.height())
                        .putInt(shape.width())
                        .putInt(train.size())
                        .putInt(test.size());
                out.write(header.array());
                out.writeLong(crc(header.array()));
                for (LabeledImages images : List.of(train, test)) {
                    ByteBuffer labels = ByteBuffer.allocate(4 * images.size());
                    labels.asIntBuffer().put(images.labels());
                    out.write(labels.array());
                    out.write(images.pixels());
                    out.writeLong(crc(labels.array(), images.pixels()));
                }
                out.flush();
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            unusable = false;
            LOG.debug("imagefolder: cached the decoded images in {}", file);
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "imagefolder: could not write the cache file {} ({}); the images will be decoded again next run",
                    file,
                    describe(e));
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.warn("imagefolder: could not remove the temporary file {} ({})", temp, describe(e));
                }
            }
        }
    }

    /** Reads and checks the header. */
    private Header header(FileChannel channel) throws IOException {
        expect(channel.size() >= HEADER, "it is " + channel.size() + " bytes, shorter than its header");
        DataInputStream in = new DataInputStream(Channels.newInputStream(channel.position(0)));
        byte[] bytes = new byte[HEADER - 8];
        in.readFully(bytes);
        expect(in.readLong() == crc(bytes), "its header does not match its checksum");
        ByteBuffer header = ByteBuffer.wrap(bytes);
        expect(header.getLong() == MAGIC, "it is not an imagefolder cache file");
        int version = header.getInt();
        expect(version == VERSION, "it has format version " + version + ", this version reads " + VERSION);
        byte[] stored = new byte[KEY_BYTES];
        header.get(stored);
        expect(Arrays.equals(stored, key), "it was written for other files or settings");
        Header read = new Header(
                new ImageShape(header.getInt(), header.getInt(), header.getInt()), header.getInt(), header.getInt());
        ImageShape shape = read.shape();
        int[] resize = config.resize();
        expect(
                (shape.channels() == 1 || shape.channels() == 3)
                        && (config.grayscale() == null || shape.channels() == (config.grayscale() ? 1 : 3))
                        && (resize == null || (shape.height() == resize[0] && shape.width() == resize[1])),
                "it holds images of " + shape + ", not what size and grayscale ask for");
        expect(
                channel.size() == read.length(),
                "it is " + channel.size() + " bytes, " + read.length() + " expected (cut short?)");
        return read;
    }

    private static void expect(boolean condition, String otherwise) throws Mismatch {
        if (!condition) {
            throw new Mismatch(otherwise);
        }
    }

    /** Warns once about an unusable file (not about a missing one); null. */
    private <T> T ignore(Exception e) {
        if (!(e instanceof NoSuchFileException)) {
            unusable = true;
            LOG.warn("imagefolder: ignoring the cache file {}: {}; decoding the images again", file, describe(e));
        }
        return null;
    }

    private static String describe(Exception e) {
        return e instanceof Mismatch ? e.getMessage() : e.toString();
    }

    private static long crc(byte[]... parts) {
        CRC32 crc = new CRC32();
        for (byte[] part : parts) {
            crc.update(part);
        }
        return crc.getValue();
    }
}
