package dev.samlab.datasets.imagefolder;

import static dev.samlab.datasets.imagefolder.ImageFolderFiles.rgb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderCacheTest {

    @TempDir
    Path data;

    @TempDir
    Path cache;

    Path root;

    /** 3 classes of 12 colour 8x8 PNGs, split by a fraction: 30 training images, 6 test. */
    @BeforeEach
    void writeImages() throws IOException {
        root = ImageFolderFiles.write(data.resolve("shapes"), false);
    }

    private static ImageFolderConfig config(Path root, Object size, Boolean cache) {
        return new ImageFolderConfig(
                root.toString(), null, null, size, null, null, null, null, null, null, null, cache, null);
    }

    private Dataset dataset(Object size, Boolean cache) {
        return new ImageFolderProvider().create(config(root, size, cache), new DataContext(List.of(), this.cache));
    }

    /** Both splits, each handed over. */
    private static List<LabeledImages> load(Dataset dataset) throws IOException {
        return List.of(dataset.load(Split.TRAIN), dataset.load(Split.TEST));
    }

    private static void assertSame(List<LabeledImages> actual, List<LabeledImages> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).shape()).isEqualTo(expected.get(i).shape());
            assertThat(actual.get(i).labels()).isEqualTo(expected.get(i).labels());
            assertThat(actual.get(i).pixels()).isEqualTo(expected.get(i).pixels());
        }
    }

    /** Every file under the cache folder, by name relative to it. */
    private List<String> cacheFiles() throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> cache.relativize(f).toString())
                    .sorted()
                    .toList();
        }
    }

    private Path onlyCacheFile() throws IOException {
        List<String> files = cacheFiles();
        assertThat(files).hasSize(1);
        assertThat(files.get(0)).startsWith("imagefolder/shapes-").endsWith(".bin");
        return cache.resolve(files.get(0));
    }

    /** Replaces the file's contents with as many bytes of garbage, keeping its modification time. */
    private static void garbageOfTheSameSize(Path file) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        byte[] garbage = new byte[(int) Files.size(file)];
        Arrays.fill(garbage, (byte) 'x');
        Files.write(file, garbage);
        Files.setLastModifiedTime(file, modified);
    }

    @Test
    void aSecondLoadReadsTheCacheInsteadOfTheImages() throws IOException {
        List<LabeledImages> first = load(dataset(4, null));
        Path file = onlyCacheFile();
        Path image = root.resolve("dots/05.png");
        garbageOfTheSameSize(image); // its size and modification time are as they were: the key is the same
        assertThatThrownBy(() -> ImageFolderReader.decode(image)).isInstanceOf(IOException.class);

        Dataset second = dataset(4, null);

        assertThat(second.shape()).isEqualTo(new ImageShape(3, 4, 4));
        assertSame(load(second), first);
        assertThat(onlyCacheFile()).isEqualTo(file); // no temporary file left beside it
        assertThat(first.get(0).size()).isEqualTo(30);
        assertThat(first.get(1).size()).isEqualTo(6);
    }

    @Test
    void aChangedModificationTimeAnAddedImageOrAnotherSizeIsDecodedAnew() throws IOException {
        load(dataset(4, null));
        Path image = root.resolve("dots/05.png");
        FileTime modified = Files.getLastModifiedTime(image);
        garbageOfTheSameSize(image);
        Files.setLastModifiedTime(image, FileTime.fromMillis(modified.toMillis() + 1000));

        assertThatThrownBy(() -> load(dataset(4, null)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(image + ": not a readable PNG or JPEG image (");

        Files.write(image, new byte[] {'x'}); // another size, the modification time the cached one had
        Files.setLastModifiedTime(image, modified);

        assertThatThrownBy(() -> load(dataset(4, null)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(image + ": not a readable PNG or JPEG image (");

        ImageFolderFiles.write(data.resolve("fresh"), false); // whole images again, with another modification time
        Files.copy(data.resolve("fresh/dots/05.png"), image, StandardCopyOption.REPLACE_EXISTING);
        ImageFolderFiles.rgb(root.resolve("dots/added.png"), 8, 8, (y, x) -> rgb(1, 2, 3));
        List<LabeledImages> added = load(dataset(4, null));
        byte[] addedImage = new byte[3 * 4 * 4];
        for (int c = 0; c < 3; c++) {
            Arrays.fill(addedImage, c * 16, (c + 1) * 16, (byte) (c + 1));
        }
        assertThat(added.get(0).size() + added.get(1).size()).isEqualTo(37);
        assertThat(added).anyMatch(split -> containsImage(split, addedImage));

        List<LabeledImages> two = load(dataset(2, null));
        assertThat(two.get(0).shape()).isEqualTo(new ImageShape(3, 2, 2));
        assertSame(two, load(dataset(2, false)));
        assertThat(cacheFiles()).hasSize(3); // 4x4 before and after the changes, and 2x2
    }

    private static boolean containsImage(LabeledImages images, byte[] image) {
        int size = images.shape().size();
        for (int i = 0; i < images.size(); i++) {
            if (Arrays.equals(images.pixels(), i * size, (i + 1) * size, image, 0, image.length)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aDamagedCacheFileIsIgnoredAndReplaced() throws IOException {
        List<LabeledImages> decoded = load(dataset(4, false));
        load(dataset(4, null));
        Path file = onlyCacheFile();
        byte[] whole = Files.readAllBytes(file);
        int header = ImageFolderCache.HEADER;
        List<Map.Entry<String, UnaryOperator<byte[]>>> damages = List.of(
                Map.entry("cut short", bytes -> Arrays.copyOf(bytes, bytes.length / 2)),
                Map.entry("cut in its header", bytes -> Arrays.copyOf(bytes, 20)),
                Map.entry("empty", bytes -> new byte[0]),
                Map.entry("one byte more", bytes -> Arrays.copyOf(bytes, bytes.length + 1)),
                Map.entry("another magic", bytes -> headerInt(bytes, 0, 0x7F454C46)),
                Map.entry("another version", bytes -> headerInt(bytes, 8, ImageFolderCache.VERSION + 1)),
                Map.entry("another key", bytes -> headerInt(bytes, 12, 0)),
                Map.entry("another shape, same length", bytes -> headerInt(headerInt(bytes, 48, 2), 52, 8)),
                Map.entry("a header byte", bytes -> flip(bytes, 45)),
                Map.entry("a training label", bytes -> flip(bytes, header + 3)),
                Map.entry("a training pixel", bytes -> flip(bytes, header + 4 * 30 + 5)),
                Map.entry("the last test pixel", bytes -> flip(bytes, bytes.length - 9)),
                Map.entry("a checksum", bytes -> flip(bytes, bytes.length - 1)));

        for (Map.Entry<String, UnaryOperator<byte[]>> damage : damages) {
            Files.write(file, damage.getValue().apply(whole));

            assertSame(load(dataset(4, null)), decoded);
            assertThat(Files.readAllBytes(file)).as(damage.getKey()).isEqualTo(whole);
            assertThat(onlyCacheFile()).isEqualTo(file);
        }
    }

    /** The bytes with the int at {@code at} in the header replaced, and the header's checksum made to match. */
    private static byte[] headerInt(byte[] bytes, int at, int value) {
        ByteBuffer changed = ByteBuffer.wrap(bytes.clone()).putInt(at, value);
        CRC32 crc = new CRC32();
        crc.update(changed.array(), 0, ImageFolderCache.HEADER - 8);
        return changed.putLong(ImageFolderCache.HEADER - 8, crc.getValue()).array();
    }

    private static byte[] flip(byte[] bytes, int at) {
        byte[] flipped = bytes.clone();
        flipped[at] ^= 0x10;
        return flipped;
    }

    @Test
    void cacheFalseNeitherReadsNorWritesTheCache() throws IOException {
        List<LabeledImages> uncached = load(dataset(4, false));
        assertThat(cacheFiles()).isEmpty();

        load(dataset(4, true));
        Path image = root.resolve("bars/00.png");
        garbageOfTheSameSize(image);

        assertThatThrownBy(() -> dataset(4, false))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(image + ": not a readable PNG or JPEG image (");
        assertSame(load(dataset(4, true)), uncached);
    }

    @Test
    void aCacheFolderThatCannotBeWrittenOnlyWarns() throws IOException {
        List<LabeledImages> uncached = load(dataset(null, false));
        Files.delete(cache);
        Files.writeString(cache, "a file where the cache folder should be");

        assertSame(load(dataset(null, null)), uncached);
        assertSame(load(dataset(null, null)), uncached);
        assertThat(Files.readString(cache)).isEqualTo("a file where the cache folder should be");
    }
}
