package dev.samlab.runner.report;

import dev.samlab.runner.train.EpochMetrics;
import dev.samlab.runner.train.MetricsLog;
import dev.samlab.runner.train.Progress;
import dev.samlab.runner.train.TrainingListener;
import dev.samlab.runner.train.TrainingPlan;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;

/**
 * The files of a run folder derived from its checkpoint, brought up to date after every epoch so a running job can
 * be watched: {@code metrics.csv}, {@code curves.png} and {@code report.md}, each written atomically. At the start
 * of a session they are rewritten from the checkpoint, after a kill between a checkpoint and its files.
 *
 * @param resolvedConfig the run's config.yaml
 * @param labelNoise     what label noise did to the run's labels, for the report
 */
public record RunFiles(Path folder, String name, String resolvedConfig, int totalEpochs, Optional<String> labelNoise)
        implements TrainingListener {

    @Override
    public void runStarted(Progress start, TrainingPlan plan) throws IOException {
        publish(start);
        prepareCharts();
    }

    @Override
    public void epochFinished(Progress progress, EpochMetrics metrics) throws IOException {
        publish(progress);
    }

    private void publish(Progress committed) throws IOException {
        List<EpochMetrics> epochs = committed.metrics();
        MetricsLog.write(folder.resolve("metrics.csv"), epochs);
        if (!epochs.isEmpty()) {
            Report.write(folder.resolve("report.md"), name, resolvedConfig, epochs, totalEpochs, labelNoise);
            Curves.write(name, epochs, folder.resolve("curves.png"));
        }
    }

    /**
     * Starts the chart machinery (Java2D, fonts, the PNG encoder) before training: started for the first time during
     * Ctrl-C, it would fail ("Shutdown in progress") between an epoch's checkpoint and its charts.
     */
    private void prepareCharts() throws IOException {
        // PNGs are encoded in memory: ImageIO's file-cached streams are closed by a JDK shutdown hook, so a chart drawn
        // while Ctrl-C or SIGTERM is being handled (the epoch that just ended) failed with "closed"
        ImageIO.setUseCache(false);
        EpochMetrics anyEpoch = new EpochMetrics(
                1, 1, 1, 0.5, 1, 0.5, OptionalDouble.empty(), 1, 2, Double.NaN, Double.NaN, Double.NaN);
        Curves.draw(name, List.of(anyEpoch), OutputStream.nullOutputStream());
    }
}
