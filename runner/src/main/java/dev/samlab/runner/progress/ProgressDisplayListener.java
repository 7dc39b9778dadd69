package dev.samlab.runner.progress;

import dev.samlab.runner.train.Progress;
import dev.samlab.runner.train.TrainingListener;
import dev.samlab.runner.train.TrainingPlan;

/** A progress display per epoch: steps done, the running loss and accuracy, speed and time left. */
public final class ProgressDisplayListener implements TrainingListener {

    private TrainingPlan plan;
    private ProgressDisplay display;

    @Override
    public void runStarted(Progress start, TrainingPlan plan) {
        this.plan = plan;
    }

    @Override
    public void epochStarted(Progress progress, int stepsPerEpoch) {
        display = ProgressDisplay.start(
                String.format("%s epoch %d/%d", plan.name(), progress.epoch() + 1, plan.epochs()),
                "steps",
                stepsPerEpoch,
                progress.batchesDone());
    }

    @Override
    public void stepFinished(Progress progress) {
        display.update(
                progress.batchesDone(),
                String.format(
                        "loss %.4f  acc %.2f%%",
                        progress.epochTotals().loss(),
                        100 * progress.epochTotals().accuracy()));
    }

    @Override
    public void stepsEnded() {
        if (display != null) {
            display.close();
            display = null;
        }
    }
}
