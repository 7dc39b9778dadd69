package dev.samlab.datasets.svhn;

import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.DatasetProvider;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import dev.samlab.datasets.ImageDataset;
import dev.samlab.datasets.fetch.DataFolders;
import dev.samlab.datasets.fetch.Downloader;
import dev.samlab.datasets.fetch.RemoteFile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code dataset: { name: svhn, extra: false, root: /data, download: true }} */
public final class SvhnProvider implements DatasetProvider<SvhnConfig> {

    static final String DOWNLOAD_PAGE = "http://ufldl.stanford.edu/housenumbers/";
    /** The files with the MD5s the download page publishes, and their sizes. */
    static final Map<String, RemoteFile> OFFICIAL = byName(Stream.of(
            official("train_32x32.mat", "e26dedcc434d2e4c54c9b2d4a06d8373", 182_040_794),
            official("test_32x32.mat", "eb5a983be6a315427106f1b164d9cef3", 64_275_384),
            official("extra_32x32.mat", "a93ce644f1a588dc4d68dda5feec44a7", 1_329_278_602)));

    private static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private final Map<String, RemoteFile> files;

    public SvhnProvider() {
        this(OFFICIAL);
    }

    /** For tests: the files from another site, those named in {@code md5} checked against other checksums. */
    SvhnProvider(String site, Map<String, String> md5) {
        this(byName(OFFICIAL.values().stream()
                .map(f -> f.from(site).checkedAgainst(md5.getOrDefault(f.fileName(), f.md5())))));
    }

    private SvhnProvider(Map<String, RemoteFile> files) {
        this.files = files;
    }

    private static RemoteFile official(String fileName, String md5, long size) {
        return new RemoteFile(URI.create(DOWNLOAD_PAGE).resolve(fileName), fileName, md5, size);
    }

    private static Map<String, RemoteFile> byName(Stream<RemoteFile> files) {
        return files.collect(Collectors.toUnmodifiableMap(RemoteFile::fileName, f -> f));
    }

    @Override
    public String name() {
        return "svhn";
    }

    @Override
    public String description() {
        return "SVHN cropped digits: 73,257 training (+531,131 extra) and 26,032 test 32x32 colour images of digits";
    }

    @Override
    public Class<SvhnConfig> configType() {
        return SvhnConfig.class;
    }

    @Override
    public Dataset create(SvhnConfig config, DataContext context) {
        List<String> needed = config.extra()
                ? List.of("train_32x32.mat", "extra_32x32.mat", "test_32x32.mat")
                : List.of("train_32x32.mat", "test_32x32.mat");
        Path folder = DataFolders.locate(
                name(),
                config.root(),
                context,
                f -> f,
                f -> needed.stream().allMatch(n -> Files.isRegularFile(f.resolve(n))),
                config.download() ? cache -> fetch(needed, config.mirror(), cache) : null,
                "Download " + String.join(", ", needed) + " from " + DOWNLOAD_PAGE
                        + " into one of these folders, or point dataset.root or SAMLAB_DATA at them");
        return new ImageDataset(
                CLASS_NAMES,
                SvhnReader.SHAPE,
                config.augmentation(),
                split -> split == Split.TEST
                        ? SvhnReader.read(folder.resolve("test_32x32.mat"))
                        : training(folder, config.extra()));
    }

    private static LabeledImages training(Path folder, boolean extra) throws IOException {
        LabeledImages train = SvhnReader.read(folder.resolve("train_32x32.mat"));
        return extra ? train.concat(SvhnReader.read(folder.resolve("extra_32x32.mat"))) : train;
    }

    private Path fetch(List<String> needed, String mirror, Path cache) throws IOException {
        Downloader downloader = new Downloader();
        for (String file : needed) {
            if (!Files.isRegularFile(cache.resolve(file))) {
                downloader.fetch(files.get(file).from(mirror), cache);
            }
        }
        return cache;
    }
}
