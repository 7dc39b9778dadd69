package dev.samlab.api.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a dataset may find its files, besides a {@code root} in its own config.
 *
 * @param searchPath folders to look in first, in order (from {@code SAMLAB_DATA})
 * @param cache      the folder downloads go to ({@code ~/.samlab/data} unless configured)
 * @param seed       the run's seed, for generated data
 */
public record DataContext(List<Path> searchPath, Path cache, long seed) {

    public DataContext {
        searchPath = List.copyOf(searchPath);
    }
}
