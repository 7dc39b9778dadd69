package dev.samlab.runner.train;

import dev.samlab.api.data.Dataset;
import dev.samlab.api.model.Model;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.data.TrainingData;
import java.nio.file.Path;

/**
 * A finished (or checkpointed) run, loaded back for analysis: its config, its dataset cut as in training, and its
 * model with the checkpoint's weights.
 *
 * @param folder the run folder
 */
public record TrainedRun(Path folder, RunConfig config, Dataset dataset, TrainingData data, Model model)
        implements AutoCloseable {

    /** Releases the model's native memory. */
    @Override
    public void close() {
        model.close();
    }
}
