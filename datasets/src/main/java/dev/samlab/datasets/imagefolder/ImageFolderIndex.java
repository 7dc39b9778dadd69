package dev.samlab.datasets.imagefolder;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.data.Split;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The image files of an image folder, by class, and which split each belongs to; nothing is decoded here.
 *
 * <p>Classes are the subfolders of the root, sorted by name in {@link String} order (as torchvision sorts them: "B"
 * before "a"), and a class's label is its place in that order. A class's images are the {@code .png}, {@code .jpg}
 * and {@code .jpeg} files (any case) in its folder and the folders below it; other files, and files and folders whose
 * name starts with a dot ({@code .DS_Store}, {@code .ipynb_checkpoints}), are skipped.
 *
 * <p>A root holding {@code train/} and {@code test/} folders, {@code train/} with class folders, is split by them;
 * any other root is split by a seeded fraction of each class. Each split is handed over in a seeded order, so that
 * the first N images (the runner's limits) and the last N (its validation hold-out) are a mix of classes.
 */
final class ImageFolderIndex {

    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg");
    static final String TRAIN_FOLDER = "train";
    static final String TEST_FOLDER = "test";

    /** One image file and its class. */
    record Entry(Path file, int label) {}

    private final List<String> classNames;
    private final List<Entry> all;
    private final List<Entry> train;
    private final List<Entry> test;

    private ImageFolderIndex(List<String> classNames, List<Entry> train, List<Entry> test, long seed) {
        this.classNames = List.copyOf(classNames);
        List<Entry> both = new ArrayList<>(train);
        both.addAll(test);
        both.sort(Comparator.comparingInt(Entry::label)
                .thenComparing(e -> e.file().toString()));
        this.all = List.copyOf(both);
        this.train = shuffled(train, seed);
        this.test = shuffled(test, ~seed);
    }

    /**
     * @param testFraction the share of each class to hold out, or null: the {@code train/} and {@code test/} folders
     *                     when the root has them, else {@link ImageFolderConfig#DEFAULT_TEST_FRACTION}
     * @throws InvalidConfigException when {@code testFraction} is given for a root split by folders
     */
    static ImageFolderIndex of(Path root, Double testFraction, long seed) throws IOException {
        if (splitByFolders(root)) {
            if (testFraction != null) {
                throw new InvalidConfigException(
                        "testFraction",
                        root + " holds " + TRAIN_FOLDER + "/ and " + TEST_FOLDER + "/ folders, which already split it:"
                                + " remove testFraction, or point root at one of them to split that by a fraction");
            }
            return byFolders(root, seed);
        }
        return byFraction(root, testFraction == null ? ImageFolderConfig.DEFAULT_TEST_FRACTION : testFraction, seed);
    }

    /** One name per class, in label order. */
    List<String> classNames() {
        return classNames;
    }

    /** Every image of both splits, by class, then by path: the order they are checked in. */
    List<Entry> all() {
        return all;
    }

    /** A split's images, in the seeded order they are handed over in. */
    List<Entry> entries(Split split) {
        return split == Split.TEST ? test : train;
    }

    private static boolean splitByFolders(Path root) throws IOException {
        return Files.isDirectory(root.resolve(TRAIN_FOLDER))
                && Files.isDirectory(root.resolve(TEST_FOLDER))
                && !classFolders(root.resolve(TRAIN_FOLDER)).isEmpty();
    }

    private static ImageFolderIndex byFolders(Path root, long seed) throws IOException {
        Path trainRoot = root.resolve(TRAIN_FOLDER);
        Path testRoot = root.resolve(TEST_FOLDER);
        List<String> classNames = classNames(trainRoot);
        List<String> testClassNames = names(classFolders(testRoot));
        if (!testClassNames.equals(classNames)) {
            List<String> missing = new ArrayList<>(classNames);
            missing.removeAll(testClassNames);
            List<String> extra = new ArrayList<>(testClassNames);
            extra.removeAll(classNames);
            throw new IOException(testRoot + ": its class folders " + testClassNames + " differ from those of "
                    + trainRoot + " " + classNames + " (missing from " + TEST_FOLDER + "/: " + missing + "; not in "
                    + TRAIN_FOLDER + "/: " + extra + "); both splits need the same classes");
        }
        List<Entry> train = new ArrayList<>();
        List<Entry> test = new ArrayList<>();
        for (int label = 0; label < classNames.size(); label++) {
            train.addAll(entries(images(trainRoot.resolve(classNames.get(label))), label));
            test.addAll(entries(images(testRoot.resolve(classNames.get(label))), label));
        }
        return new ImageFolderIndex(classNames, train, test, seed);
    }

    private static ImageFolderIndex byFraction(Path root, double testFraction, long seed) throws IOException {
        List<String> classNames = classNames(root);
        List<Entry> train = new ArrayList<>();
        List<Entry> test = new ArrayList<>();
        for (int label = 0; label < classNames.size(); label++) {
            Path folder = root.resolve(classNames.get(label));
            List<Path> images = images(folder);
            if (images.size() < 2) {
                throw new IOException(folder + ": holds 1 image; splitting by testFraction puts every class in both"
                        + " splits, which needs at least 2 images per class");
            }
            // seeded by the class's name, so that adding images to one class leaves the others' splits as they were
            Collections.shuffle(
                    images, new Random(31 * seed + classNames.get(label).hashCode()));
            long held = Math.round(images.size() * testFraction);
            int testCount = (int) Math.max(1, Math.min(images.size() - 1, held));
            test.addAll(entries(images.subList(0, testCount), label));
            train.addAll(entries(images.subList(testCount, images.size()), label));
        }
        return new ImageFolderIndex(classNames, train, test, seed);
    }

    /** The class folders' names, once there are at least two. */
    private static List<String> classNames(Path root) throws IOException {
        List<String> names = names(classFolders(root));
        if (names.isEmpty()) {
            throw new IOException(root + ": no class folders; expected one subfolder of images per class"
                    + " (root/<class>/*.png, .jpg or .jpeg), or " + TRAIN_FOLDER + "/ and " + TEST_FOLDER
                    + "/ folders that each hold them");
        }
        if (names.size() < 2) {
            throw new IOException(root + ": one class folder (" + names.get(0)
                    + "); a classification dataset needs at least 2, one subfolder of images per class");
        }
        return names;
    }

    /** The subfolders of {@code folder} that are not hidden, sorted by name. */
    private static List<Path> classFolders(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(Files::isDirectory)
                    .filter(f -> !hidden(f))
                    .sorted(Comparator.comparing(f -> f.getFileName().toString()))
                    .toList();
        }
    }

    private static List<String> names(List<Path> folders) {
        return folders.stream().map(f -> f.getFileName().toString()).toList();
    }

    /** A class folder's image files, searched through its subfolders too, sorted by path; refuses none. */
    private static List<Path> images(Path classFolder) throws IOException {
        List<Path> images;
        try (Stream<Path> files = Files.walk(classFolder, FileVisitOption.FOLLOW_LINKS)) {
            images = files.filter(f -> isImage(classFolder.relativize(f)))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(f -> classFolder.relativize(f).toString()))
                    .collect(Collectors.toCollection(ArrayList::new));
        }
        if (images.isEmpty()) {
            throw new IOException(classFolder + ": no images in this class folder (expected .png, .jpg or .jpeg"
                    + " files; other files, and names starting with a dot, are skipped)");
        }
        return images;
    }

    /** Whether a path within a class folder names an image: the right extension, no part of it hidden. */
    private static boolean isImage(Path relative) {
        for (Path part : relative) {
            if (hidden(part)) {
                return false;
            }
        }
        String name = relative.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean hidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    private static List<Entry> entries(List<Path> files, int label) {
        return files.stream().map(f -> new Entry(f, label)).toList();
    }

    /** The entries by class and path, then shuffled by {@code seed}: an order that depends on nothing else. */
    private static List<Entry> shuffled(List<Entry> entries, long seed) {
        List<Entry> order = new ArrayList<>(entries);
        order.sort(Comparator.comparingInt(Entry::label)
                .thenComparing(e -> e.file().toString()));
        Collections.shuffle(order, new Random(seed));
        return List.copyOf(order);
    }
}
