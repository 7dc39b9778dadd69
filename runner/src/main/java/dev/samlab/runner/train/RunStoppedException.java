package dev.samlab.runner.train;

import java.nio.file.Path;

/** The run was asked to stop (Ctrl-C) and saved a checkpoint to resume from. */
public final class RunStoppedException extends RuntimeException {

    RunStoppedException(Path folder, int epoch, int batchesDone) {
        super("stopped at epoch " + (epoch + 1) + " after " + batchesDone + " batches; checkpoint saved, continue with"
                + " --resume --out " + folder);
    }
}
