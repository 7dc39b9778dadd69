package dev.samlab.runner.data;

import dev.samlab.api.data.DataContext;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/** Where datasets are looked for: SAMLAB_DATA, then the cache folder ({@code --data-cache}). */
public final class DataOptions {

    @Option(
            names = "--data-cache",
            paramLabel = "DIR",
            description = "Where downloaded datasets are kept (default: ${DEFAULT-VALUE}).")
    Path cache = Path.of(System.getProperty("user.home"), ".samlab", "data");

    public DataContext context() {
        String searchPath = System.getenv("SAMLAB_DATA");
        List<Path> folders = searchPath == null
                ? List.of()
                : Arrays.stream(searchPath.split(File.pathSeparator))
                        .filter(s -> !s.isBlank())
                        .map(Path::of)
                        .toList();
        return new DataContext(folders, cache);
    }
}
