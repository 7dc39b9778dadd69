package dev.samlab.runner.train;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A line when a run starts, one per epoch with its metrics, and one when it is stopped. */
public final class LoggingListener implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private TrainingPlan plan;

    @Override
    public void runStarted(Progress start, TrainingPlan plan) {
        this.plan = plan;
        LOG.info(
                "{}: {} training{} and {} test images, {} trainable parameters, {} epochs of {} steps{}",
                plan.name(),
                plan.trainImages(),
                plan.validationImages() == 0 ? "" : ", " + plan.validationImages() + " validation",
                plan.testImages(),
                plan.parameters(),
                plan.epochs(),
                plan.stepsPerEpoch(),
                start.epoch() > 0 || start.batchesDone() > 0
                        ? ", resuming at epoch " + (start.epoch() + 1) + " step " + start.step()
                        : "");
    }

    @Override
    public void epochFinished(Progress progress, EpochMetrics row) {
        LOG.info(String.format(
                Locale.ROOT,
                "epoch %d/%d done: train loss %.4f acc %.2f%%%s | test loss %.4f acc %.2f%%" + " | %.1f s",
                row.epoch(),
                plan.epochs(),
                row.trainLoss(),
                100 * row.trainAccuracy(),
                row.hasLabelNoise()
                        ? String.format(Locale.ROOT, " (on the clean labels %.2f%%)", 100 * row.trainCleanAccuracy())
                        : "",
                row.testLoss(),
                100 * row.testAccuracy(),
                row.seconds()));
    }

    @Override
    public void stopped(Progress progress) {
        LOG.warn(
                "stopped on request at epoch {}, batch {}: checkpoint saved",
                progress.epoch() + 1,
                progress.batchesDone());
    }
}
