package dev.samlab.runner.train;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.Objective;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.optimizer.StepReport;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.config.TrainingConfig;
import dev.samlab.runner.data.BatchStream;
import dev.samlab.runner.data.Batches;
import dev.samlab.runner.data.TrainingData;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop: the configured epochs of steps, each followed by an evaluation on the test (and validation)
 * split, continuing from a restored checkpoint when asked to. What a run leaves behind is its listeners' work
 * ({@link TrainingListener}: the checkpoint after every epoch and on Ctrl-C, which is the commit, then
 * {@code metrics.csv} and the report derived from it, logs, progress): killed at any instant, the run resumes from
 * the last checkpoint and its files are rewritten from it.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private static final int EVALUATION_BATCH = 256;

    private final RunConfig config;
    private final Dataset dataset;
    private final TrainingData data;
    private final Model model;
    private final MicroBatches microBatches;
    private final Optimizer optimizer;
    private final RunDirectory directory;
    private final StopSignal stop;
    private final Checkpoints checkpoints;
    private final Set<TrainingListener> listeners;

    /** @param listeners told of every event, in the set's order */
    @Inject
    public Trainer(
            RunConfig config,
            Dataset dataset,
            TrainingData data,
            Model model,
            Optimizer optimizer,
            RunDirectory directory,
            StopSignal stop,
            Checkpoints checkpoints,
            Set<TrainingListener> listeners) {
        this.config = config;
        this.dataset = dataset;
        this.data = data;
        this.model = model;
        Integer microBatch = config.training().microBatch();
        this.microBatches = new MicroBatches(model.parameters(), microBatch == null ? Integer.MAX_VALUE : microBatch);
        this.optimizer = optimizer;
        this.directory = directory;
        this.stop = stop;
        this.checkpoints = checkpoints;
        this.listeners = listeners;
    }

    /**
     * Loads the run folder's checkpoint into the model and optimizer.
     *
     * @return where the run stands, or empty when the folder has no checkpoint
     */
    public Optional<Progress> restore() throws IOException {
        return checkpoints.restore(model, optimizer);
    }

    /**
     * Runs the remaining epochs from {@code start} ({@link Progress#START}, or what {@link #restore()} returned);
     * returns every epoch's metrics, or throws {@link RunStoppedException} when Ctrl-C asked to stop (the listeners
     * saved a checkpoint).
     */
    public List<EpochMetrics> run(Progress start) throws IOException {
        try {
            return train(start);
        } catch (IOException | RuntimeException e) {
            if (stop.requested() && !(e instanceof RunStoppedException)) {
                // the process exits once this run is done: said here, or the reason would be lost with it
                LOG.error("the run failed while stopping: {}", e.toString(), e);
            }
            throw e;
        } finally {
            stop.done();
        }
    }

    private List<EpochMetrics> train(Progress start) throws IOException {
        TrainingConfig training = config.training();
        int classes = dataset.classNames().size();
        Batches train = data.trainingBatches(classes, dataset.augmentation(), training.labelSmoothing());
        Batches test = new Batches(data.test(), classes, data.normalization(), Augmentation.NONE, 0);
        Batches validation = data.validation() == null
                ? null
                : new Batches(data.validation(), classes, data.normalization(), Augmentation.NONE, 0);
        int batchesPerEpoch = train.batchCount(training.batchSize());
        LearningRateSchedule schedule = new LearningRateSchedule(training, batchesPerEpoch);
        TrainingPlan plan = new TrainingPlan(
                config.name(),
                train.size(),
                validation == null ? 0 : validation.size(),
                test.size(),
                model.parameters().size(),
                training.epochs(),
                batchesPerEpoch);

        Progress progress = start;
        tell(listener -> listener.runStarted(start, plan));
        Clock clock = new Clock(progress.seconds());
        while (progress.epoch() < training.epochs()) {
            progress = trainEpoch(train, progress, schedule, clock, batchesPerEpoch);
            Progress.Totals evaluation = evaluate(test);
            Progress.Totals held = validation == null ? Progress.Totals.NONE : evaluate(validation);
            Progress.Totals epoch = progress.epochTotals();
            EpochMetrics row = new EpochMetrics(
                    progress.epoch() + 1,
                    progress.step(),
                    epoch.loss(),
                    epoch.accuracy(),
                    evaluation.loss(),
                    evaluation.accuracy(),
                    optimizer.learningRate(new StepContext(
                            progress.step() - 1, progress.epoch(), schedule.factor(progress.step() - 1))),
                    clock.seconds(),
                    progress.gradientEvaluations(),
                    held.loss(),
                    held.accuracy(),
                    data.labelNoise().isPresent() ? epoch.cleanAccuracy() : Double.NaN);
            Progress finished = progress.afterEpoch(row);
            tell(listener -> listener.epochFinished(finished, row));
            progress = finished;
        }
        return progress.metrics();
    }

    /** The rest of the current epoch, from {@code progress.batchesDone()}; stops on Ctrl-C. */
    private Progress trainEpoch(
            Batches train, Progress progress, LearningRateSchedule schedule, Clock clock, int batchesPerEpoch)
            throws IOException {
        int epoch = progress.epoch();
        Progress atStart = progress;
        listeners.forEach(listener -> listener.epochStarted(atStart, batchesPerEpoch));
        try (BatchStream batches =
                train.shuffled(config.training().batchSize(), new SplittableRandom(config.seed() * 31 + epoch))) {
            for (int skipped = 0; skipped < progress.batchesDone(); skipped++) {
                BatchStream.release(batches.next()); // the same order and augmentation draws as before the interruption
            }
            while (batches.hasNext()) {
                long step = progress.step();
                Batch batch = batches.next();
                StepReport report;
                try {
                    Objective objective = microBatches.around(model.objective(batch));
                    report = optimizer.step(
                            model.parameters(), objective, new StepContext(step, epoch, schedule.factor(step)));
                } finally {
                    BatchStream.release(batch);
                }
                double loss = report.evaluation().loss();
                if (!Double.isFinite(loss)) {
                    TrainingDivergedException diverged = new TrainingDivergedException(epoch, step, loss);
                    listeners.forEach(listener -> listener.diverged(diverged));
                    throw diverged;
                }
                Progress stepped = progress.afterStep(
                        progress.epochTotals().add(report.evaluation()), report.gradientEvaluations(), clock.seconds());
                listeners.forEach(listener -> listener.stepFinished(stepped));
                progress = stepped;
                if (stop.requested() && batches.hasNext()) {
                    Progress stoppedAt = progress;
                    tell(listener -> listener.stopped(stoppedAt));
                    throw new RunStoppedException(directory.path(), epoch, progress.batchesDone());
                }
            }
        } finally {
            listeners.forEach(TrainingListener::stepsEnded);
        }
        return progress;
    }

    /** An event that may fail writing files. */
    @FunctionalInterface
    private interface Event {
        void tell(TrainingListener listener) throws IOException;
    }

    private void tell(Event event) throws IOException {
        for (TrainingListener listener : listeners) {
            event.tell(listener);
        }
    }

    private Progress.Totals evaluate(Batches test) {
        Progress.Totals totals = Progress.Totals.NONE;
        try (BatchStream batches = test.inOrder(EVALUATION_BATCH)) {
            while (batches.hasNext()) {
                Batch batch = batches.next();
                try {
                    totals = totals.add(model.evaluate(batch));
                } finally {
                    BatchStream.release(batch);
                }
            }
        }
        return totals;
    }

    /** Training seconds over the run: what earlier sessions took plus this one's. */
    private static final class Clock {
        private final double before;
        private final long start = System.nanoTime();

        Clock(double before) {
            this.before = before;
        }

        double seconds() {
            return before + (System.nanoTime() - start) / 1e9;
        }
    }
}
