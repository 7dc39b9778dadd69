package dev.samlab.runner.bench;

import dev.samlab.runner.train.EpochMetrics;
import dev.samlab.runner.train.Progress;
import dev.samlab.runner.train.TrainingListener;
import dev.samlab.runner.train.TrainingPlan;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Times each epoch of a run from the training loop's events: its steps (the training throughput) apart from what
 * follows them (evaluation, checkpoint, reports), and reads the process's memory at the epoch's end. It also prints
 * the epoch's training loss and test accuracy, so that a speed-up can be seen to train the same.
 */
final class EpochTimer implements TrainingListener {

    /** One epoch's figures. */
    record Epoch(int epoch, int images, double stepSeconds, double afterStepsSeconds, ResidentMemory memory) {

        double imagesPerSecond() {
            return images / stepSeconds;
        }
    }

    private final PrintWriter out;
    private final List<Epoch> epochs = new ArrayList<>();
    private TrainingPlan plan;
    private long epochStart;
    private long stepsEnd;

    EpochTimer(PrintWriter out) {
        this.out = out;
    }

    List<Epoch> epochs() {
        return epochs;
    }

    @Override
    public void runStarted(Progress start, TrainingPlan plan) {
        this.plan = plan;
        out.printf(
                "%s: %,d training images (%d steps an epoch), %,d test images, %,d parameters, %d threads,"
                        + " heap max %.1f GiB%n",
                plan.name(),
                plan.trainImages(),
                plan.stepsPerEpoch(),
                plan.testImages(),
                plan.parameters(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (double) (1 << 30));
        out.printf(
                "%5s %10s %10s %13s %9s %9s %16s %12s %11s %9s%n",
                "epoch",
                "steps s",
                "images/s",
                "eval+ckpt s",
                "epoch s",
                "RSS GiB",
                "heap used/held",
                "non-heap GiB",
                "train loss",
                "test acc");
        out.flush();
    }

    @Override
    public void epochStarted(Progress progress, int stepsPerEpoch) {
        epochStart = System.nanoTime();
    }

    @Override
    public void stepsEnded() {
        stepsEnd = System.nanoTime();
    }

    @Override
    public void epochFinished(Progress progress, EpochMetrics metrics) {
        double steps = (stepsEnd - epochStart) / 1e9;
        double after = (System.nanoTime() - stepsEnd) / 1e9;
        Epoch epoch = new Epoch(metrics.epoch(), plan.trainImages(), steps, after, ResidentMemory.now());
        epochs.add(epoch);
        out.printf(
                "%5d %10.1f %10.1f %13.1f %9.1f %9.2f %7.2f / %6.2f %12.2f %11.4f %8.2f%%%n",
                epoch.epoch(),
                steps,
                epoch.imagesPerSecond(),
                after,
                steps + after,
                epoch.memory().residentGiB(),
                epoch.memory().heapGiB(),
                epoch.memory().heapCommittedGiB(),
                epoch.memory().nativeGiB(),
                metrics.trainLoss(),
                100 * metrics.testAccuracy());
        out.flush();
    }
}
