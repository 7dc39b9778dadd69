package dev.samlab.runner.train;

import dev.samlab.api.model.Model;
import dev.samlab.api.optimizer.Optimizer;
import jakarta.inject.Inject;
import java.io.IOException;

/** Saves the model and the optimizer's state after every epoch and when a run is stopped: the run's commit. */
public final class CheckpointListener implements TrainingListener {

    private final Checkpoints checkpoints;
    private final Model model;
    private final Optimizer optimizer;

    @Inject
    public CheckpointListener(Checkpoints checkpoints, Model model, Optimizer optimizer) {
        this.checkpoints = checkpoints;
        this.model = model;
        this.optimizer = optimizer;
    }

    @Override
    public void epochFinished(Progress progress, EpochMetrics metrics) throws IOException {
        checkpoints.save(model, optimizer, progress);
    }

    @Override
    public void stopped(Progress progress) throws IOException {
        checkpoints.save(model, optimizer, progress);
    }
}
