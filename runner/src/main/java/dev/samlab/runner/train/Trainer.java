package dev.samlab.runner.train;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.Dataset;
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
import dev.samlab.runner.progress.ProgressDisplay;
import dev.samlab.runner.report.RunFiles;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a model on a dataset with an optimizer for the configured epochs, evaluating on the test split after
 * each, writing a checkpoint after every epoch (and on Ctrl-C), then {@code metrics.csv} and the report from it,
 * and continuing from that checkpoint when asked to resume. The checkpoint is the commit: killed at any instant,
 * the run resumes from the last one and rewrites the files derived from it.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final int EVALUATION_BATCH = 256;

    private final RunConfig config;
    private final Dataset dataset;
    private final Model model;
    private final MicroBatches microBatches;
    private final Optimizer optimizer;
    private final RunDirectory directory;
    private final StopSignal stop;
    private final RunFiles files;
    private final Checkpoints checkpoints;

    @Inject
    public Trainer(RunConfig config, Dataset dataset, Model model, Optimizer optimizer, RunDirectory directory,
                   StopSignal stop, RunFiles files) {
        this.config = config;
        this.dataset = dataset;
        this.model = model;
        Integer microBatch = config.training().microBatch();
        this.microBatches = new MicroBatches(model.parameters(), microBatch == null ? Integer.MAX_VALUE : microBatch);
        this.optimizer = optimizer;
        this.directory = directory;
        this.stop = stop;
        this.files = files;
        this.checkpoints = new Checkpoints(directory.resolve("checkpoint"));
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
     * returns every epoch's metrics, or throws {@link RunStoppedException} after saving a checkpoint when Ctrl-C
     * asked to stop.
     */
    public List<EpochMetrics> run(Progress start) throws IOException {
        try {
            return train(start);
        } finally {
            stop.done();
        }
    }

    private List<EpochMetrics> train(Progress start) throws IOException {
        TrainingConfig training = config.training();
        TrainingData data = TrainingData.of(dataset, config);
        int classes = dataset.classNames().size();
        Batches train = new Batches(data.train(), classes, data.normalization(), dataset.augmentation(),
                training.labelSmoothing());
        Batches test = new Batches(data.test(), classes, data.normalization(), Augmentation.NONE, 0);
        Batches validation = data.validation() == null ? null
                : new Batches(data.validation(), classes, data.normalization(), Augmentation.NONE, 0);
        int batchesPerEpoch = train.batchCount(training.batchSize());
        LearningRateSchedule schedule = new LearningRateSchedule(training, batchesPerEpoch);
        LOG.info("{}: {} training{} and {} test images, {} trainable parameters, {} epochs of {} steps{}",
                config.name(), train.size(), validation == null ? "" : ", " + validation.size() + " validation",
                test.size(), model.parameters().size(), training.epochs(),
                batchesPerEpoch, start.epoch() > 0 || start.batchesDone() > 0
                        ? ", resuming at epoch " + (start.epoch() + 1) + " step " + start.step() : "");

        Progress progress = start;
        publish(progress); // after a kill between a checkpoint and the files derived from it
        files.prepareCharts();
        Clock clock = new Clock(progress.seconds());
        while (progress.epoch() < training.epochs()) {
            progress = trainEpoch(train, progress, schedule, clock, batchesPerEpoch);
            Progress.Totals evaluation = evaluate(test);
            Progress.Totals held = validation == null ? new Progress.Totals(0, 0, 0, 0) : evaluate(validation);
            Progress.Totals epoch = progress.epochTotals();
            EpochMetrics row = new EpochMetrics(progress.epoch() + 1, progress.step(), epoch.loss(),
                    epoch.accuracy(), evaluation.loss(), evaluation.accuracy(),
                    optimizer.learningRate(new StepContext(progress.step() - 1, progress.epoch(),
                            schedule.factor(progress.step() - 1))), clock.seconds(), progress.gradientEvaluations(),
                    held.loss(), held.accuracy());
            progress = progress.afterEpoch(row);
            checkpoints.save(model, optimizer, progress); // commits the epoch
            publish(progress);
            LOG.info(String.format("epoch %d/%d done: train loss %.4f acc %.2f%% | test loss %.4f acc %.2f%% | %.1f s",
                    row.epoch(), training.epochs(), row.trainLoss(), 100 * row.trainAccuracy(), row.testLoss(),
                    100 * row.testAccuracy(), row.seconds()));
        }
        return progress.metrics();
    }

    /** Brings metrics.csv, report.md and curves.png up to the committed progress, each file atomically. */
    private void publish(Progress committed) throws IOException {
        List<EpochMetrics> epochs = committed.metrics();
        MetricsLog.write(directory.resolve("metrics.csv"), epochs);
        if (!epochs.isEmpty()) {
            files.epochFinished(epochs);
        }
    }

    /** The rest of the current epoch, from {@code progress.batchesDone()}; saves and stops on Ctrl-C. */
    private Progress trainEpoch(Batches train, Progress progress, LearningRateSchedule schedule, Clock clock,
                                int batchesPerEpoch) throws IOException {
        int epoch = progress.epoch();
        ProgressDisplay display = ProgressDisplay.start(String.format("%s epoch %d/%d", config.name(), epoch + 1,
                config.training().epochs()), "steps", batchesPerEpoch, progress.batchesDone());
        try (BatchStream batches = train.shuffled(config.training().batchSize(),
                new SplittableRandom(config.seed() * 31 + epoch)); display) {
            for (int skipped = 0; skipped < progress.batchesDone(); skipped++) {
                batches.next(); // the same order and augmentation draws as before the interruption
            }
            while (batches.hasNext()) {
                long step = progress.step();
                Objective objective = microBatches.around(model.objective(batches.next()));
                StepReport report = optimizer.step(model.parameters(), objective,
                        new StepContext(step, epoch, schedule.factor(step)));
                double loss = report.evaluation().loss();
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException(epoch, step, loss);
                }
                progress = progress.afterStep(progress.epochTotals().add(report.evaluation()),
                        report.gradientEvaluations(), clock.seconds());
                display.update(progress.batchesDone(), String.format("loss %.4f  acc %.2f%%",
                        progress.epochTotals().loss(), 100 * progress.epochTotals().accuracy()));
                if (stop.requested() && batches.hasNext()) {
                    checkpoints.save(model, optimizer, progress);
                    LOG.warn("stopped on request at epoch {}, batch {}: checkpoint saved", epoch + 1,
                            progress.batchesDone());
                    throw new RunStoppedException(directory.path(), epoch, progress.batchesDone());
                }
            }
        }
        return progress;
    }

    private Progress.Totals evaluate(Batches test) {
        Progress.Totals totals = new Progress.Totals(0, 0, 0, 0);
        try (BatchStream batches = test.inOrder(EVALUATION_BATCH)) {
            while (batches.hasNext()) {
                totals = totals.add(model.evaluate(batches.next()));
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
