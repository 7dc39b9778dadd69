package dev.samlab.datasets.idx;

import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.DatasetProvider;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import dev.samlab.datasets.ImageDataset;
import dev.samlab.datasets.fetch.DataFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A dataset in LeCun's IDX files, {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each plain or gzipped ({@code .gz}).
 * MNIST and Fashion-MNIST use the same file names, so in {@code SAMLAB_DATA} folders and the cache they sit in a
 * subfolder named after the dataset; only {@code dataset.root} may hold them directly. Nothing is downloaded.
 */
public abstract class IdxProvider<C extends IdxConfig> implements DatasetProvider<C> {

    private static final List<String> SPLITS = List.of("train", "t10k");

    private final String name;
    private final String description;
    private final List<String> classNames;
    private final String whereToGet;
    private final Class<C> configType;

    /** @param whereToGet where a person finds the files, for the error when no folder has them */
    IdxProvider(String name, String description, List<String> classNames, String whereToGet, Class<C> configType) {
        this.name = name;
        this.description = description;
        this.classNames = List.copyOf(classNames);
        this.whereToGet = whereToGet;
        this.configType = configType;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Class<C> configType() {
        return configType;
    }

    @Override
    public final Dataset create(C config, DataContext context) {
        Path folder = DataFolders.locate(
                name,
                config.root(),
                context,
                f -> f.resolve(name),
                IdxProvider::isComplete,
                null,
                "SamLab does not download " + name + ": get " + String.join(", ", fileNames()) + " (plain or .gz) "
                        + whereToGet + " and put them in " + name
                        + "/ inside one of these folders, or point dataset.root at the folder holding them");
        return new ImageDataset(
                classNames,
                IdxReader.SHAPE,
                config.augmentation(),
                split -> read(folder, split == Split.TEST ? "t10k" : "train"));
    }

    private LabeledImages read(Path folder, String split) throws IOException {
        return IdxReader.read(
                file(folder, split + "-images-idx3-ubyte"),
                file(folder, split + "-labels-idx1-ubyte"),
                classNames.size());
    }

    private static List<String> fileNames() {
        return SPLITS.stream()
                .flatMap(s -> Stream.of(s + "-images-idx3-ubyte", s + "-labels-idx1-ubyte"))
                .toList();
    }

    private static boolean isComplete(Path folder) {
        return fileNames().stream().allMatch(n -> file(folder, n) != null);
    }

    /** The file, preferring the plain one to the gzipped; null when neither is there. */
    private static Path file(Path folder, String name) {
        return Stream.of(name, name + ".gz")
                .map(folder::resolve)
                .filter(Files::isRegularFile)
                .findFirst()
                .orElse(null);
    }
}
