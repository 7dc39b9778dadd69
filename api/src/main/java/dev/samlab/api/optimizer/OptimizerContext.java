package dev.samlab.api.optimizer;

/** What the runner offers an optimizer while it is built: the means to build the optimizers it wraps. */
public interface OptimizerContext {

    /**
     * Builds the optimizer configured by {@code config}, the value of this optimizer's config key {@code field}
     * (for instance {@code "base"}); errors in it are reported under that key.
     */
    Optimizer create(String field, OptimizerConfig config);

    /** The training batch size ({@code training.batchSize}); the last batch of an epoch may be smaller. */
    int batchSize();

    /** The run's seed, for methods that draw at random (which steps take a second pass); 0 unless the runner sets it. */
    default long seed() {
        return 0;
    }
}
