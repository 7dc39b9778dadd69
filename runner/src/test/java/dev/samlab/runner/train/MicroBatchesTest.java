package dev.samlab.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.Objective;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.models.mlp.MlpConfig;
import dev.samlab.models.mlp.MlpProvider;
import dev.samlab.runner.config.ConfigLoader;
import dev.samlab.runner.config.TrainingConfig;
import dev.samlab.runner.plugins.PluginDiscovery;
import dev.samlab.runner.plugins.PluginFactory;
import dev.samlab.runner.plugins.PluginRegistry;
import dev.samlab.runner.sharpness.TinyBatches;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A step over chunks of the batch is the step over the whole batch, for every kind of objective use. */
class MicroBatchesTest {

    private static final PluginRegistry REGISTRY =
            PluginDiscovery.discover(MicroBatchesTest.class.getClassLoader(), null);
    private static final ImageShape SHAPE = new ImageShape(1, 3, 3);
    private static final int BATCH = 32;

    private static Model mlp() {
        return new MlpProvider().create(new MlpConfig(List.of(12), false, "double"), new ModelContext(SHAPE, 3, 3));
    }

    private static Optimizer optimizer(String section) {
        OptimizerConfig config = new ConfigLoader(REGISTRY).section(section, OptimizerConfig.class);
        return new PluginFactory(REGISTRY, new DataContext(List.of(), Path.of("."))).optimizer(config, BATCH, 7);
    }

    /** Records the size of every evaluation, however the objective is divided. */
    private record Recording(Objective inner, List<Integer> sizes) implements Objective {
        @Override
        public Evaluation evaluate() {
            sizes.add(inner.batchSize());
            return inner.evaluate();
        }

        @Override
        public int batchSize() {
            return inner.batchSize();
        }

        @Override
        public Objective subBatch(int from, int to) {
            return new Recording(inner.subBatch(from, to), sizes);
        }

        @Override
        public Objective subset(int[] indices) {
            return new Recording(inner.subset(indices), sizes);
        }

        @Override
        public double[] exampleLosses() {
            sizes.add(inner.batchSize());
            return inner.exampleLosses();
        }
    }

    /** Three steps of {@code optimizer} on a fresh model, the batches evaluated in chunks of {@code chunk}. */
    private static double[] train(String optimizer, int chunk, List<Integer> sizes) {
        Model model = mlp();
        Optimizer method = optimizer(optimizer);
        MicroBatches microBatches = new MicroBatches(model.parameters(), chunk);
        for (int step = 0; step < 3; step++) {
            Objective objective =
                    microBatches.around(new Recording(model.objective(TinyBatches.random(BATCH, step)), sizes));
            method.step(model.parameters(), objective, StepContext.constant(step, 0));
        }
        return model.parameters().stream()
                .flatMapToDouble(p -> Arrays.stream(
                        p.value().dup().reshape(p.value().length()).toDoubleVector()))
                .toArray();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{ name: sam, rho: 0.1, base: { name: sgd, lr: 0.2 } }                  | 8",
                "{ name: sam, rho: 0.1, base: { name: sgd, lr: 0.2 } }                  | 12",
                "{ name: sam, rho: 0.1, m: 16, base: { name: sgd, lr: 0.2 } }           | 8",
                "{ name: esam, rho: 0.1, beta: 1, gamma: 0.5, base: { name: sgd, lr: 0.2 } } | 6",
                "{ name: adam, lr: 0.01 }                                                | 5"
            })
    void aStepOverChunksIsTheStepOverTheWholeBatch(String optimizer, int chunk) {
        List<Integer> chunked = new ArrayList<>();
        List<Integer> whole = new ArrayList<>();

        double[] inChunks = train(optimizer, chunk, chunked);
        double[] atOnce = train(optimizer, BATCH, whole);

        assertThat(inChunks).containsExactly(atOnce, within(1e-12));
        assertThat(chunked)
                .as("no pass over more than a chunk")
                .allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(chunk));
        assertThat(whole)
                .as("without chunks, passes over more than a chunk: the comparison is a real one")
                .anySatisfy(size -> assertThat(size).isGreaterThan(chunk));
    }

    @Test
    void aChunkSizeMustBePositive() {
        assertThatThrownBy(() -> new TrainingConfig(1, 32, null, null, null, null, null, null, 0))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("microBatch: must be > 0 (examples per chunk), got 0");
    }
}
