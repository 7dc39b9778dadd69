package dev.samlab.datasets.fetch;

import dev.samlab.api.data.DataContext;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where a dataset's files are looked for, in order: the configured root, the folders of {@code SAMLAB_DATA}, the
 * cache; and, when allowed, where they are downloaded to (the cache).
 */
public final class DataFolders {

    /** Downloads a dataset's files into the cache folder, returning the folder that now holds them. */
    @FunctionalInterface
    public interface Fetch {
        Path into(Path cache) throws IOException;
    }

    private DataFolders() {}

    /**
     * @param dataset   the dataset's name, for messages
     * @param root      the configured root, or null
     * @param layout    the folder within a search folder that holds the files (e.g. {@code f -> f.resolve("x")})
     * @param complete  whether a folder holds every file needed
     * @param fetch     how to download, or null when downloads are off
     * @param manually  how a person gets the files, for the error message
     */
    public static Path locate(
            String dataset,
            String root,
            DataContext context,
            Function<Path, Path> layout,
            Predicate<Path> complete,
            Fetch fetch,
            String manually) {
        List<Path> candidates = new ArrayList<>();
        if (root != null) {
            candidates.add(Path.of(root));
            candidates.add(layout.apply(Path.of(root)));
        }
        context.folders().forEach(folder -> candidates.add(layout.apply(folder)));
        for (Path candidate : candidates) {
            if (complete.test(candidate)) {
                return candidate;
            }
        }
        String notFound = dataset + ": its files are in none of " + candidates;
        if (fetch == null) {
            throw new UncheckedIOException(new FileNotFoundException(notFound + ", and download is off. " + manually));
        }
        try {
            Path fetched = fetch.into(context.cache());
            if (!complete.test(fetched)) {
                throw new IOException("the download did not produce every file needed in " + fetched);
            }
            return fetched;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    new IOException(notFound + ", and the download failed: " + e.getMessage() + ". " + manually, e));
        }
    }
}
