package dev.samlab.runner.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.samlab.api.data.DatasetConfig;
import dev.samlab.api.model.ModelConfig;
import dev.samlab.api.optimizer.OptimizerConfig;

/**
 * A whole run, as read from a config file: each plugin section is bound to the record its plugin declares.
 *
 * @param name the run's name: the default output folder is {@code runs/<name>}
 * @param seed seeds weight initialisation, data order and augmentation (default 42)
 */
@JsonPropertyOrder({"name", "seed", "model", "dataset", "optimizer", "training"})
public record RunConfig(
        String name,
        Long seed,
        ModelConfig model,
        DatasetConfig dataset,
        OptimizerConfig optimizer,
        TrainingConfig training) {

    public RunConfig {
        seed = seed == null ? 42L : seed;
        training = training == null ? TrainingConfig.defaults() : training;
    }
}
