package dev.samlab.runner.progress;

import java.io.Console;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows how far a long task is: a progress bar (count, speed, a message such as the loss, ETA) on a terminal, a few
 * plain log lines when the output goes to a file or a CI log.
 */
public abstract class ProgressDisplay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressDisplay.class);
    private static final int LOG_LINES_PER_TASK = 5;

    /**
     * @param units what is counted, plural ("steps", "passes")
     * @param total how many there will be
     * @param done  how many were done before (a resumed epoch)
     */
    public static ProgressDisplay start(String task, String units, int total, int done) {
        return onTerminal() ? new Bar(task, units, total, done) : new LogLines(task, units, total, done);
    }

    /**
     * Whether the output is a terminal. Up to JDK 21 {@code System.console()} is null without one; from JDK 22 on it
     * is never null, and {@code Console.isTerminal()} (absent before) says.
     */
    @SuppressWarnings("SystemConsoleNull") // the null check is for JDK 17 to 21, isTerminal for later ones
    private static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** @param message what to show beside the count, such as the running loss; may be empty */
    public abstract void update(int done, String message);

    @Override
    public abstract void close();

    private static final class Bar extends ProgressDisplay {
        private final ProgressBar bar;

        Bar(String task, String units, int total, int done) {
            bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total)
                    .setUnit(" " + units, 1)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .showSpeed()
                    .startsFrom(done, Duration.ZERO)
                    .build();
        }

        @Override
        public void update(int done, String message) {
            bar.stepTo(done);
            bar.setExtraMessage(message);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    private static final class LogLines extends ProgressDisplay {
        private final String task;
        private final String units;
        private final int total;
        private final int every;
        private final int startedAt;
        private final long start = System.nanoTime();

        LogLines(String task, String units, int total, int done) {
            this.task = task;
            this.units = units;
            this.total = total;
            this.every = Math.max(1, total / LOG_LINES_PER_TASK);
            this.startedAt = done;
        }

        @Override
        public void update(int done, String message) {
            if (done % every != 0 && done != total) {
                return;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double perUnit = seconds / Math.max(1, done - startedAt);
            LOG.info(String.format(
                    "%s  %d/%d %s  %s  %.2f %s/s  ETA %.0f s",
                    task, done, total, units, message, 1 / perUnit, units, perUnit * Math.max(0, total - done)));
        }

        @Override
        public void close() {}
    }
}
