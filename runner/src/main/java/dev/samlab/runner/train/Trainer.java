package dev.samlab.runner.train;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Model;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.optimizer.StepReport;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.config.TrainingConfig;
import dev.samlab.runner.data.BatchStream;
import dev.samlab.runner.data.Batches;
import dev.samlab.runner.data.ChannelNormalization;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Trains a model on a dataset with an optimizer for the configured epochs, evaluating on the test split after each. */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final int EVALUATION_BATCH = 256;
    private static final int PROGRESS_LINES_PER_EPOCH = 5;

    private final RunConfig config;
    private final Dataset dataset;
    private final Model model;
    private final Optimizer optimizer;
    private final RunDirectory directory;

    @Inject
    public Trainer(RunConfig config, Dataset dataset, Model model, Optimizer optimizer, RunDirectory directory) {
        this.config = config;
        this.dataset = dataset;
        this.model = model;
        this.optimizer = optimizer;
        this.directory = directory;
    }

    /** Runs every epoch, writing {@code metrics.csv}; returns the rows written. */
    public List<EpochMetrics> run() throws IOException {
        TrainingConfig training = config.training();
        LabeledImages trainImages = limited(dataset.load(Split.TRAIN), config.dataset().trainLimit());
        LabeledImages testImages = limited(dataset.load(Split.TEST), config.dataset().testLimit());
        ChannelNormalization normalization = ChannelNormalization.of(trainImages);
        int classes = dataset.classNames().size();
        Batches train = new Batches(trainImages, classes, normalization, dataset.augmentation(),
                training.labelSmoothing());
        Batches test = new Batches(testImages, classes, normalization, Augmentation.NONE, 0);
        LOG.info("{}: {} training and {} test images, {} trainable parameters, {} epochs of {} steps",
                config.name(), train.size(), test.size(), model.parameters().size(), training.epochs(),
                train.batchCount(training.batchSize()));

        List<EpochMetrics> rows = new ArrayList<>();
        long start = System.nanoTime();
        long step = 0;
        long gradientEvaluations = 0;
        try (MetricsLog metrics = new MetricsLog(directory.resolve("metrics.csv"))) {
            for (int epoch = 0; epoch < training.epochs(); epoch++) {
                SplittableRandom random = new SplittableRandom(config.seed() * 31 + epoch);
                Totals totals = new Totals();
                long epochStart = System.nanoTime();
                StepContext context = StepContext.constant(step, epoch);
                int batchesPerEpoch = train.batchCount(training.batchSize());
                int logEvery = Math.max(1, batchesPerEpoch / PROGRESS_LINES_PER_EPOCH);
                try (BatchStream batches = train.shuffled(training.batchSize(), random)) {
                    while (batches.hasNext()) {
                        context = StepContext.constant(step, epoch);
                        StepReport report = optimizer.step(model.parameters(), model.objective(batches.next()), context);
                        double loss = report.evaluation().loss();
                        if (!Double.isFinite(loss)) {
                            throw new TrainingDivergedException(epoch, step, loss);
                        }
                        totals.add(report.evaluation());
                        gradientEvaluations += report.gradientEvaluations();
                        step++;
                        if (totals.batches % logEvery == 0 || totals.batches == batchesPerEpoch) {
                            double seconds = (System.nanoTime() - epochStart) / 1e9;
                            LOG.info(String.format("epoch %d/%d  step %d/%d  loss %.4f  acc %.2f%%  %.0f img/s",
                                    epoch + 1, training.epochs(), totals.batches, batchesPerEpoch, totals.loss(),
                                    100 * totals.accuracy(), totals.examples / seconds));
                        }
                    }
                }
                Totals evaluation = evaluate(test);
                EpochMetrics row = new EpochMetrics(epoch + 1, step, totals.loss(), totals.accuracy(),
                        evaluation.loss(), evaluation.accuracy(), optimizer.learningRate(context),
                        (System.nanoTime() - start) / 1e9, gradientEvaluations);
                metrics.append(row);
                rows.add(row);
                LOG.info(String.format("epoch %d/%d done: train loss %.4f acc %.2f%% | test loss %.4f acc %.2f%% | %.1f s",
                        epoch + 1, training.epochs(), row.trainLoss(), 100 * row.trainAccuracy(), row.testLoss(),
                        100 * row.testAccuracy(), row.seconds()));
            }
        }
        return rows;
    }

    private Totals evaluate(Batches test) {
        Totals totals = new Totals();
        try (BatchStream batches = test.inOrder(EVALUATION_BATCH)) {
            batches.forEachRemaining(batch -> totals.add(model.evaluate(batch)));
        }
        return totals;
    }

    private static LabeledImages limited(LabeledImages images, Integer limit) {
        return limit == null ? images : images.first(limit);
    }

    /** Example-weighted sums over an epoch. */
    private static final class Totals {
        double lossSum;
        long correct;
        long examples;
        int batches;

        void add(Evaluation evaluation) {
            lossSum += evaluation.loss() * evaluation.examples();
            correct += evaluation.correct();
            examples += evaluation.examples();
            batches++;
        }

        double loss() {
            return examples == 0 ? Double.NaN : lossSum / examples;
        }

        double accuracy() {
            return examples == 0 ? Double.NaN : (double) correct / examples;
        }
    }
}
