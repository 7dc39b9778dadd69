package dev.samlab.runner.report;

import dev.samlab.runner.io.AtomicFile;
import dev.samlab.runner.train.EpochMetrics;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code curves.png}: loss and accuracy by epoch, train against test, side by side; with label noise, the training
 * accuracy on the true labels too.
 */
public final class Curves {

    private Curves() {}

    public static void write(String title, List<EpochMetrics> epochs, Path file) throws IOException {
        AtomicFile.write(file, out -> draw(title, epochs, out));
    }

    static void draw(String title, List<EpochMetrics> epochs, OutputStream out) throws IOException {
        XYChart loss = chart(title + ": loss", "cross-entropy");
        XYChart accuracy = chart(title + ": accuracy", "accuracy (%)");
        accuracy.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        double[] x = epochs.stream().mapToDouble(EpochMetrics::epoch).toArray();
        add(loss, "train", x, epochs, EpochMetrics::trainLoss);
        add(loss, "test", x, epochs, EpochMetrics::testLoss);
        add(accuracy, "train", x, epochs, m -> 100 * m.trainAccuracy());
        if (epochs.get(0).hasLabelNoise()) {
            add(accuracy, "train, true labels", x, epochs, m -> 100 * m.trainCleanAccuracy());
        }
        add(accuracy, "test", x, epochs, m -> 100 * m.testAccuracy());
        if (epochs.get(0).hasValidation()) {
            add(loss, "validation", x, epochs, EpochMetrics::validationLoss);
            add(accuracy, "validation", x, epochs, m -> 100 * m.validationAccuracy());
        }
        BitmapEncoder.saveBitmap(List.of(loss, accuracy), 1, 2, out, BitmapEncoder.BitmapFormat.PNG);
    }

    static XYChart chart(String title, String yAxis) {
        XYChart chart = new XYChartBuilder()
                .width(640)
                .height(420)
                .title(title)
                .xAxisTitle("epoch")
                .yAxisTitle(yAxis)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        return chart;
    }

    private static void add(
            XYChart chart, String series, double[] x, List<EpochMetrics> epochs, ToDoubleFunction<EpochMetrics> y) {
        XYSeries line =
                chart.addSeries(series, x, epochs.stream().mapToDouble(y).toArray());
        line.setMarker(epochs.size() > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    }
}
