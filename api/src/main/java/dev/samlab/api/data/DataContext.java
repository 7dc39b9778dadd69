package dev.samlab.api.data;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a dataset may find its files, besides a {@code root} in its own config.
 *
 * @param searchPath folders to look in first, in order (from the {@code SAMLAB_DATA} environment variable)
 * @param cache      the folder downloads go to ({@code ~/.samlab/data} unless configured)
 */
public record DataContext(List<Path> searchPath, Path cache) {

    public DataContext {
        searchPath = List.copyOf(searchPath);
    }

    /** Every folder to look in, in order: the search path, then the cache. */
    public List<Path> folders() {
        return Stream.concat(searchPath.stream(), Stream.of(cache)).toList();
    }
}
