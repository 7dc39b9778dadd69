package dev.samlab.runner.train;

import dev.samlab.api.data.Dataset;
import dev.samlab.api.model.Model;
import dev.samlab.runner.config.ConfigException;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.data.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A finished (or checkpointed) run, loaded back for analysis: its config, its dataset cut as in training, and its
 * model with the checkpoint's weights. While it is open, no {@code train} can replace the run folder's checkpoint.
 *
 * @param folder           where analyses write: the run folder, or the working folder for a lone checkpoint file
 * @param lone             whether it came from a checkpoint file outside a run folder, whose outputs never replace a
 *                         file without {@code --force}
 * @param checkpointSha256 the SHA-256 of the checkpoint file loaded: what a measurement of it records
 * @param lock             the run folder's shared lock ({@link RunLock#NONE} for a lone checkpoint), held until closed
 */
public record TrainedRun(
        Path folder,
        boolean lone,
        String checkpointSha256,
        RunConfig config,
        Dataset dataset,
        TrainingData data,
        Model model,
        RunLock lock)
        implements AutoCloseable {

    /**
     * Where an analysis writes {@code name}: the run folder's own file, replaced; for a lone checkpoint a file in the
     * working folder, which must not exist yet unless {@code force}.
     */
    public Path output(String name, boolean force) {
        Path file = folder.resolve(name);
        if (lone && !force && Files.exists(file)) {
            throw new ConfigException(
                    "--force",
                    file.toAbsolutePath() + " exists, and a lone checkpoint's results go to the working folder:"
                            + " replace it with --force, or run from another folder");
        }
        return file;
    }

    /** Releases the model's native memory and the run folder. */
    @Override
    public void close() throws IOException {
        try {
            model.close();
        } finally {
            lock.close();
        }
    }
}
