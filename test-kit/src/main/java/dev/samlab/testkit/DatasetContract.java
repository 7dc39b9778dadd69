package dev.samlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.DatasetConfig;
import dev.samlab.api.data.DatasetProvider;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * What every dataset plugin keeps: call {@link #assertHolds} from a plugin's tests with a source of datasets built on
 * small files in the real format (or generated), and {@link #assertErrorNamesFile} for each file a split reads.
 */
public final class DatasetContract {

    private DatasetContract() {}

    /** Datasets as the runner builds them: {@code provider.create(config, context)}, afresh on each call. */
    public static <C extends DatasetConfig> Supplier<Dataset> source(
            DatasetProvider<C> provider, C config, DataContext context) {
        return () -> provider.create(config, context);
    }

    /**
     * Every check below but {@link #assertErrorNamesFile}, on datasets from {@code source}.
     *
     * @param limit a {@code trainLimit} and {@code testLimit} that keeps every class, as the dataset documents (10 per
     *              class, say); 0 for a dataset documented to keep its files' order when that order lets limits drop
     *              classes, which is then not checked
     */
    public static void assertHolds(Supplier<Dataset> source, int limit) {
        Dataset dataset = source.get();
        assertShapesAndLabels(dataset);
        assertDeterministic(source);
        if (limit > 0) {
            for (Split split : Split.values()) {
                assertLimitKeepsEveryClass(dataset, split, limit);
            }
        }
    }

    /**
     * At least two class names, none blank, no two alike; every split non-empty, its images of the dataset's
     * {@link Dataset#shape()}, every label in [0, classes).
     */
    public static void assertShapesAndLabels(Dataset dataset) {
        List<String> names = dataset.classNames();
        assertThat(names).as("class names").hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates();
        assertThat(names).as("class names").allSatisfy(name -> assertThat(name).isNotBlank());
        for (Split split : Split.values()) {
            LabeledImages images = load(dataset, split);
            assertThat(images.size()).as("images in the %s split", split).isPositive();
            assertThat(images.shape())
                    .as("the shape of the %s split's images against the dataset's shape()", split)
                    .isEqualTo(dataset.shape());
            int[] labels = images.labels();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= names.size()) {
                    throw new AssertionError(split + " split: image " + i + " has label " + labels[i] + ", outside [0, "
                            + names.size() + ")");
                }
            }
        }
    }

    /**
     * Two datasets from {@code source}, and two loads of one, agree: class names, shape and augmentation, and every
     * split image for image, byte for byte (runs with the same config see the same data).
     */
    public static void assertDeterministic(Supplier<Dataset> source) {
        Dataset one = source.get();
        Dataset other = source.get();
        assertThat(other.classNames()).as("class names of a second dataset").isEqualTo(one.classNames());
        assertThat(other.shape()).as("shape of a second dataset").isEqualTo(one.shape());
        assertThat(other.augmentation()).as("augmentation of a second dataset").isEqualTo(one.augmentation());
        for (Split split : Split.values()) {
            LabeledImages first = load(one, split);
            assertSame(first, load(one, split), split + " split loaded twice");
            assertSame(first, load(other, split), split + " split of a second dataset from the same source");
        }
    }

    private static void assertSame(LabeledImages expected, LabeledImages actual, String what) {
        assertThat(actual.size()).as("images in the %s", what).isEqualTo(expected.size());
        int size = expected.shape().size();
        for (int i = 0; i < expected.size(); i++) {
            if (actual.labels()[i] != expected.labels()[i]
                    || !Arrays.equals(
                            actual.pixels(), i * size, (i + 1) * size, expected.pixels(), i * size, (i + 1) * size)) {
                throw new AssertionError("the " + what + " differs at image " + i + " (label " + actual.labels()[i]
                        + ", first time " + expected.labels()[i] + ")");
            }
        }
    }

    /**
     * The first {@code limit} images of {@code split}, which is what the runner keeps for {@code dataset.trainLimit}
     * or {@code testLimit} ({@link LabeledImages#first}), hold every class; the split as a whole does too. A failure
     * names the classes missing and the smallest limit that keeps them all.
     */
    public static void assertLimitKeepsEveryClass(Dataset dataset, Split split, int limit) {
        int classes = dataset.classNames().size();
        LabeledImages images = load(dataset, split);
        Set<Integer> kept = classesIn(images.first(limit));
        if (kept.size() == classes) {
            return;
        }
        int[] missing =
                IntStream.range(0, classes).filter(c -> !kept.contains(c)).toArray();
        int smallest = smallestLimitKeepingEveryClass(images, classes);
        throw new AssertionError("a limit of " + limit + " on the " + split + " split (the first " + limit + " of its "
                + images.size() + " images) drops classes " + Arrays.toString(missing) + ": "
                + (smallest < 0
                        ? "the whole split lacks some"
                        : "no limit below " + smallest + " keeps them all (images in the files' order, sorted by"
                                + " class? limits take the first images)"));
    }

    /** The smallest n whose first n images hold every one of {@code classes}; -1 when the whole set does not. */
    public static int smallestLimitKeepingEveryClass(LabeledImages images, int classes) {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < images.size(); i++) {
            seen.add(images.labels()[i]);
            if (seen.size() >= classes && IntStream.range(0, classes).allMatch(seen::contains)) {
                return i + 1;
            }
        }
        return -1;
    }

    private static Set<Integer> classesIn(LabeledImages images) {
        Set<Integer> classes = new HashSet<>();
        Arrays.stream(images.labels()).forEach(classes::add);
        return classes;
    }

    /**
     * Ways of spoiling a file, each kept by {@link #assertErrorNamesFile} until the file is read. The truncations
     * suit binary formats with counts or fixed-size records; a text format may still be valid without its last byte
     * (a final newline) or cut at a line's end, so name the damages that must break it ({@code EMPTY},
     * {@code INVERTED}), as the dataset template does.
     */
    public enum Damage {
        /** The first half of the file. */
        HALF(bytes -> Arrays.copyOf(bytes, bytes.length / 2)),
        /** All but the last byte. */
        ONE_BYTE_SHORT(bytes -> Arrays.copyOf(bytes, bytes.length - 1)),
        /** Nothing at all. */
        EMPTY(bytes -> new byte[0]),
        /** Every bit flipped: the size is right, the content is not. */
        INVERTED(bytes -> {
            byte[] inverted = bytes.clone();
            for (int i = 0; i < inverted.length; i++) {
                inverted[i] = (byte) ~inverted[i];
            }
            return inverted;
        });

        private final UnaryOperator<byte[]> spoil;

        Damage(UnaryOperator<byte[]> spoil) {
            this.spoil = spoil;
        }

        public byte[] apply(byte[] bytes) {
            return spoil.apply(bytes);
        }
    }

    /**
     * With {@code file} damaged in each of the ways given (all of {@link Damage} when none are), building a dataset
     * from {@code source} and loading {@code split} fails with an {@link IOException} (or an
     * {@link UncheckedIOException} from building it) whose message names the file; not another exception, and not
     * a load that passes. The file is checked to load as it is first, and is restored after each damage.
     */
    public static void assertErrorNamesFile(Supplier<Dataset> source, Split split, Path file, Damage... damages) {
        String name = file.getFileName().toString();
        byte[] original;
        try {
            original = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        load(source.get(), split); // intact, it loads
        for (Damage damage : damages.length == 0 ? Damage.values() : damages) {
            Exception failure = null;
            try {
                Files.write(file, damage.apply(original));
                source.get().load(split);
            } catch (IOException | UncheckedIOException e) {
                failure = e;
            } catch (RuntimeException e) {
                throw new AssertionError(
                        "loading the " + split + " split with " + name + " damaged (" + damage + ") threw " + e
                                + " instead of an IOException naming the file",
                        e);
            } finally {
                try {
                    Files.write(file, original);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (failure == null) {
                throw new AssertionError(
                        "loading the " + split + " split with " + name + " damaged (" + damage + ") succeeded");
            }
            String message = String.valueOf(failure.getMessage());
            if (!message.contains(name)) {
                throw new AssertionError(
                        "the error loading the " + split + " split with " + name + " damaged (" + damage
                                + ") does not name the file: " + failure,
                        failure);
            }
        }
    }

    private static LabeledImages load(Dataset dataset, Split split) {
        try {
            return dataset.load(split);
        } catch (IOException e) {
            throw new AssertionError("loading the " + split + " split failed: " + e, e);
        }
    }
}
