package dev.samlab.runner.train;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Appends one CSV row per epoch, flushed at once so a crashed run keeps every finished epoch. */
final class MetricsLog implements Closeable {

    private final BufferedWriter out;

    MetricsLog(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(EpochMetrics.HEADER);
        out.newLine();
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
