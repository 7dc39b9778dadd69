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

/** {@code dataset: { name: svhn, extra: false, root: /data, download: true }} */
public final class SvhnProvider implements DatasetProvider<SvhnConfig> {

    static final String DOWNLOAD_PAGE = "http://ufldl.stanford.edu/housenumbers/";
    static final Map<String, String> OFFICIAL_MD5 = Map.of(
            "train_32x32.mat", "e26dedcc434d2e4c54c9b2d4a06d8373",
            "test_32x32.mat", "eb5a983be6a315427106f1b164d9cef3",
            "extra_32x32.mat", "a93ce644f1a588dc4d68dda5feec44a7");
    private static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private final String site;
    private final Map<String, String> md5;

    public SvhnProvider() {
        this(DOWNLOAD_PAGE, OFFICIAL_MD5);
    }

    /** For tests: another site and checksums. */
    SvhnProvider(String site, Map<String, String> md5) {
        this.site = site;
        this.md5 = Map.copyOf(md5);
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

    private Path fetch(List<String> files, String mirror, Path cache) throws IOException {
        Downloader downloader = new Downloader();
        for (String file : files) {
            if (!Files.isRegularFile(cache.resolve(file))) {
                downloader.fetch(
                        new RemoteFile(URI.create(site).resolve(file), file, md5.get(file)).from(mirror), cache);
            }
        }
        return cache;
    }
}
