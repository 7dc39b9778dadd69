package dev.samlab.runner.train;

import dev.samlab.runner.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes {@code metrics.csv}: a header, then one row per finished epoch, replaced as a whole. */
public final class MetricsLog {

    private MetricsLog() {}

    public static void write(Path file, List<EpochMetrics> epochs) throws IOException {
        StringBuilder csv = new StringBuilder(EpochMetrics.HEADER).append('\n');
        epochs.forEach(row -> csv.append(row.csv()).append('\n'));
        AtomicFile.writeString(file, csv.toString());
    }
}
