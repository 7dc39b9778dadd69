package dev.samlab.runner.train;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code metrics.csv}: the rows a resumed run already has (dropping any an interrupted session wrote after
 * its checkpoint), then one row per epoch, flushed at once so a crashed run keeps every finished epoch.
 */
final class MetricsLog implements Closeable {

    private final BufferedWriter out;

    MetricsLog(Path file, List<String> rows) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(EpochMetrics.HEADER);
        out.newLine();
        for (String row : rows) {
            out.write(row);
            out.newLine();
        }
        out.flush();
    }

    void append(EpochMetrics metrics) throws IOException {
        out.write(metrics.csv());
        out.newLine();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
