package dev.samlab.runner.train;

import java.nio.file.Path;

/** The folder a run writes its config, metrics and results into. */
public record RunDirectory(Path path) {

    public Path resolve(String file) {
        return path.resolve(file);
    }
}
