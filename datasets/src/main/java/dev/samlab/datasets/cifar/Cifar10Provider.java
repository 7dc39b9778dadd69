package dev.samlab.datasets.cifar;

import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.DatasetProvider;
import dev.samlab.datasets.ImageDataset;
import dev.samlab.datasets.fetch.DataFolders;
import dev.samlab.datasets.fetch.Downloader;
import dev.samlab.datasets.fetch.RemoteFile;
import dev.samlab.datasets.fetch.TarGz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code dataset: { name: cifar10, root: /data, download: true, augment: true }} */
public final class Cifar10Provider implements DatasetProvider<Cifar10Config> {

    static final String DOWNLOAD_PAGE = "https://www.cs.toronto.edu/~kriz/cifar.html";
    /** The archive and MD5 published on the download page, and the archive's size. */
    static final RemoteFile ARCHIVE = new RemoteFile(
            URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
            "cifar-10-binary.tar.gz",
            "c32a1d4ab5d03f1284b67883e8d87530",
            170_052_171);

    /**
     * For end-to-end tests only: replaces the official checksum, so that the packaged runner can download an
     * archive a test built from a mirror on 127.0.0.1 (whose size, unlike the official one, is then not known).
     * Unset, the published checksum and size are the ones checked.
     */
    static final String TEST_MD5_PROPERTY = "samlab.test.cifar10.md5";

    private final RemoteFile archive;

    public Cifar10Provider() {
        this(ARCHIVE.checkedAgainst(System.getProperty(TEST_MD5_PROPERTY, ARCHIVE.md5())));
    }

    /** For tests: another archive and checksum. */
    Cifar10Provider(RemoteFile archive) {
        this.archive = archive;
    }

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
        Path folder = DataFolders.locate(
                name(),
                config.root(),
                context,
                f -> f.resolve(Cifar10Reader.FOLDER),
                Cifar10Reader::isComplete,
                config.download() ? cache -> fetch(config.mirror(), cache) : null,
                "Download the binary version (cifar-10-binary.tar.gz) from " + DOWNLOAD_PAGE
                        + " and unpack it into one of these folders, or point dataset.root or SAMLAB_DATA at it");
        Cifar10Reader reader = new Cifar10Reader(folder);
        try {
            return new ImageDataset(reader.classNames(), Cifar10Reader.SHAPE, config.augmentation(), reader::read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path fetch(String mirror, Path cache) throws IOException {
        Path downloaded = new Downloader().fetch(archive.from(mirror), cache);
        try {
            return TarGz.unpack(downloaded, Cifar10Reader.FOLDER, cache, Cifar10Reader::isComplete);
        } finally {
            Files.deleteIfExists(downloaded);
        }
    }
}
