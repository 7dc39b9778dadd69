package dev.samlab.datasets.cifar;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.DatasetProvider;
import dev.samlab.datasets.ImageDataset;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code dataset: { name: cifar10, root: /data, augment: true }} */
public final class Cifar10Provider implements DatasetProvider<Cifar10Config> {

    static final String DOWNLOAD_PAGE = "https://www.cs.toronto.edu/~kriz/cifar.html";

    @Override
    public String name() {
        return "cifar10";
    }

    @Override
    public String description() {
        return "CIFAR-10, binary version: 50,000 training and 10,000 test 32x32 colour images in 10 classes";
    }

    @Override
    public Class<Cifar10Config> configType() {
        return Cifar10Config.class;
    }

    @Override
    public Dataset create(Cifar10Config config, DataContext context) {
        Cifar10Reader reader = new Cifar10Reader(locate(config, context));
        List<String> classNames;
        try {
            classNames = reader.classNames();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Augmentation augmentation = config.augment() ? new Augmentation(4, true) : Augmentation.NONE;
        return new ImageDataset(classNames, Cifar10Reader.SHAPE, augmentation, reader::read);
    }

    /** The first folder that holds all batch files: {@code root} if configured, else the search path and cache. */
    private static Path locate(Cifar10Config config, DataContext context) {
        List<Path> candidates = new ArrayList<>();
        if (config.root() != null) {
            Path root = Path.of(config.root());
            candidates.add(root);
            candidates.add(root.resolve(Cifar10Reader.FOLDER));
        } else {
            context.folders().forEach(folder -> candidates.add(folder.resolve(Cifar10Reader.FOLDER)));
        }
        for (Path candidate : candidates) {
            if (Cifar10Reader.isComplete(candidate)) {
                return candidate;
            }
        }
        throw new UncheckedIOException(new FileNotFoundException("cifar10: no complete set of CIFAR-10 binary files"
                + " (data_batch_1.bin ... data_batch_5.bin, test_batch.bin) in any of " + candidates
                + ". Download the binary version (cifar-10-binary.tar.gz) from " + DOWNLOAD_PAGE
                + " and unpack it into one of these folders, or point dataset.root or SAMLAB_DATA at it"));
    }
}
