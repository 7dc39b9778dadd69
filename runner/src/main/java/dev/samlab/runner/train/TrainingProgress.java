package dev.samlab.runner.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows an epoch's progress: a progress bar (step, images/s, loss, accuracy, ETA) on a terminal, a few plain log
 * lines when the output goes to a file or a CI log.
 */
abstract class TrainingProgress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingProgress.class);
    private static final int LOG_LINES_PER_EPOCH = 5;

    static TrainingProgress start(String run, int epoch, int epochs, int batches, int done) {
        String task = String.format("%s epoch %d/%d", run, epoch, epochs);
        return System.console() != null ? new Bar(task, batches, done) : new LogLines(task, batches, done);
    }

    abstract void update(int batchesDone, double loss, double accuracy);

    @Override
    public abstract void close();

    private static final class Bar extends TrainingProgress {
        private final ProgressBar bar;

        Bar(String task, int batches, int done) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(batches).setUnit(" steps", 1)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).showSpeed().startsFrom(done,
                            java.time.Duration.ZERO).build();
        }

        @Override
        void update(int batchesDone, double loss, double accuracy) {
            bar.stepTo(batchesDone);
            bar.setExtraMessage(String.format("loss %.4f acc %.2f%%", loss, 100 * accuracy));
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    private static final class LogLines extends TrainingProgress {
        private final String task;
        private final int batches;
        private final int every;
        private final int startedAt;
        private final long start = System.nanoTime();

        LogLines(String task, int batches, int done) {
            this.task = task;
            this.batches = batches;
            this.every = Math.max(1, batches / LOG_LINES_PER_EPOCH);
            this.startedAt = done;
        }

        @Override
        void update(int batchesDone, double loss, double accuracy) {
            if (batchesDone % every != 0 && batchesDone != batches) {
                return;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double perStep = seconds / Math.max(1, batchesDone - startedAt);
            LOG.info(String.format("%s  step %d/%d  loss %.4f  acc %.2f%%  %.2f steps/s  ETA %.0f s", task,
                    batchesDone, batches, loss, 100 * accuracy, 1 / perStep, perStep * (batches - batchesDone)));
        }

        @Override
        public void close() {
        }
    }
}
