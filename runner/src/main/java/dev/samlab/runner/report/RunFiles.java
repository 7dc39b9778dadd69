package dev.samlab.runner.report;

import dev.samlab.runner.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The human-facing files of a run folder, brought up to date after every epoch so a running job can be watched:
 * {@code curves.png} and {@code report.md}.
 *
 * @param resolvedConfig the run's config.yaml
 */
public record RunFiles(Path folder, String name, String resolvedConfig, int totalEpochs) {

    public void epochFinished(List<EpochMetrics> epochs) throws IOException {
        Curves.write(name, epochs, folder.resolve("curves.png"));
        Report.write(folder.resolve("report.md"), name, resolvedConfig, epochs, totalEpochs);
    }
}
