package dev.samlab.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.runner.config.ConfigLoader;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.data.TrainingData;
import dev.samlab.runner.plugins.PluginDiscovery;
import dev.samlab.runner.plugins.PluginFactory;
import dev.samlab.runner.plugins.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop tells its listeners every event, in order, and the checkpoint listener commits first. */
class TrainingListenersTest {

    private static final PluginRegistry REGISTRY =
            PluginDiscovery.discover(TrainingListenersTest.class.getClassLoader(), null);

    @TempDir
    Path folder;

    /** Writes down each event; asks to stop after {@code stopAfter} steps (0: never). */
    private static final class Recorder implements TrainingListener {
        final List<String> events = new ArrayList<>();
        final Path checkpoint;
        final StopSignal stop;
        final int stopAfter;

        Recorder(Path checkpoint, StopSignal stop, int stopAfter) {
            this.checkpoint = checkpoint;
            this.stop = stop;
            this.stopAfter = stopAfter;
        }

        @Override
        public void runStarted(Progress start, TrainingPlan plan) {
            events.add("run " + plan.epochs() + "x" + plan.stepsPerEpoch());
        }

        @Override
        public void epochStarted(Progress progress, int stepsPerEpoch) {
            events.add("epoch " + (progress.epoch() + 1));
        }

        @Override
        public void stepFinished(Progress progress) {
            events.add("step " + progress.step());
            if (progress.step() == stopAfter) {
                try {
                    stop.requestAndAwait(0);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }

        @Override
        public void stepsEnded() {
            events.add("steps ended");
        }

        @Override
        public void epochFinished(Progress progress, EpochMetrics metrics) {
            events.add("finished " + metrics.epoch() + (Files.exists(checkpoint) ? ", committed" : ""));
        }

        @Override
        public void stopped(Progress progress) {
            events.add("stopped at " + progress.step() + (Files.exists(checkpoint) ? ", committed" : ""));
        }
    }

    private final StopSignal stop = new StopSignal();

    private void train(Recorder recorder) throws IOException {
        Path yaml = Files.writeString(folder.resolve("run.yaml"), """
                model:     { name: mlp, hidden: [8] }
                dataset:   { name: synthetic, trainSize: 40, testSize: 20 }
                optimizer: { name: adam }
                training:  { epochs: 2, batchSize: 10 }
                """);
        RunConfig config = new ConfigLoader(REGISTRY).load(yaml, List.of());
        PluginFactory plugins = new PluginFactory(REGISTRY, new DataContext(List.of(), folder));
        Dataset dataset = plugins.dataset(config.dataset());
        Model model = plugins.model(config.model(), new ModelContext(dataset.shape(), 10, config.seed()));
        Optimizer optimizer = plugins.optimizer(config.optimizer(), 10, config.seed());
        Checkpoints checkpoints =
                new Checkpoints(folder.resolve("checkpoint"), Files.readString(yaml), RunManifest.of(plugins.used()));
        var listeners = new LinkedHashSet<TrainingListener>(
                List.of(new CheckpointListener(checkpoints, model, optimizer), recorder));
        new Trainer(
                        config,
                        dataset,
                        TrainingData.of(dataset, config),
                        model,
                        optimizer,
                        new RunDirectory(folder),
                        stop,
                        checkpoints,
                        listeners)
                .run(Progress.START);
    }

    @Test
    void everyEventArrivesInOrderAfterTheCheckpointHasCommittedTheEpoch() throws IOException {
        Recorder recorder = new Recorder(Checkpoints.fileOf(folder), stop, 0);

        train(recorder);

        assertThat(recorder.events)
                .containsExactly(
                        "run 2x4",
                        "epoch 1",
                        "step 1",
                        "step 2",
                        "step 3",
                        "step 4",
                        "steps ended",
                        "finished 1, committed",
                        "epoch 2",
                        "step 5",
                        "step 6",
                        "step 7",
                        "step 8",
                        "steps ended",
                        "finished 2, committed");
    }

    @Test
    void aStopRequestedMidEpochIsCommittedThenTheRunEnds() throws IOException {
        Recorder recorder = new Recorder(Checkpoints.fileOf(folder), stop, 6);

        assertThatThrownBy(() -> train(recorder)).isInstanceOf(RunStoppedException.class);

        assertThat(recorder.events)
                .endsWith(
                        "finished 1, committed",
                        "epoch 2",
                        "step 5",
                        "step 6",
                        "stopped at 6, committed",
                        "steps ended");
        assertThat(Checkpoints.progressOf(folder)).map(Progress::step).contains(6L);
    }
}
