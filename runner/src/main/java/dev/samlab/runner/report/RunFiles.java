package dev.samlab.runner.report;

import dev.samlab.runner.train.EpochMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The human-facing files of a run folder, brought up to date after every epoch so a running job can be watched:
 * {@code curves.png} and {@code report.md}.
 *
 * @param resolvedConfig the run's config.yaml
 */
public record RunFiles(Path folder, String name, String resolvedConfig, int totalEpochs) {

    /**
     * Starts the chart machinery (Java2D, fonts, the PNG encoder) before training: started for the first time during
     * Ctrl-C, it would fail ("Shutdown in progress") between an epoch's checkpoint and its charts.
     */
    public void prepareCharts() throws IOException {
        EpochMetrics anyEpoch = new EpochMetrics(1, 1, 1, 0.5, 1, 0.5, OptionalDouble.empty(), 1, 2, Double.NaN,
                Double.NaN);
        Curves.draw(name, List.of(anyEpoch), OutputStream.nullOutputStream());
    }

    public void epochFinished(List<EpochMetrics> epochs) throws IOException {
        Report.write(folder.resolve("report.md"), name, resolvedConfig, epochs, totalEpochs);
        Curves.write(name, epochs, folder.resolve("curves.png"));
    }
}
