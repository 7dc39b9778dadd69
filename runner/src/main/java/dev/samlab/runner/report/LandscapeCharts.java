package dev.samlab.runner.report;

import dev.samlab.runner.io.AtomicFile;
import dev.samlab.runner.sharpness.Landscape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/** The loss-landscape files: the values as CSV, a line plot (1D) or a contour plot of the loss (2D). */
public final class LandscapeCharts {

    private LandscapeCharts() {}

    public static void csv(List<Landscape.Point> points, Path file) throws IOException {
        StringBuilder csv = new StringBuilder("x,y,loss,accuracy\n");
        for (Landscape.Point p : points) {
            csv.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f%n", p.x(), p.y(), p.loss(), p.accuracy()));
        }
        AtomicFile.writeString(file, csv.toString());
    }

    /** Loss and accuracy against the coordinate along the line. */
    public static void line(String title, String axis, List<Landscape.Point> points, Path file) throws IOException {
        XYChart loss = Curves.chart(title + ": loss", "training loss");
        XYChart accuracy = Curves.chart(title + ": accuracy", "training accuracy (%)");
        loss.setXAxisTitle(axis);
        accuracy.setXAxisTitle(axis);
        loss.getStyler().setLegendVisible(false); // one series each: the titles say what it is
        accuracy.getStyler().setLegendVisible(false);
        double[] x = points.stream().mapToDouble(Landscape.Point::x).toArray();
        loss.addSeries(
                "loss", x, points.stream().mapToDouble(Landscape.Point::loss).toArray());
        accuracy.addSeries(
                "accuracy",
                x,
                points.stream().mapToDouble(p -> 100 * p.accuracy()).toArray());
        ChartFile.save(file, List.of(loss, accuracy));
    }

    /** The loss over a square grid of (x, y), {@code steps} a side in row order, as a filled contour plot. */
    public static void plane(String title, List<Landscape.Point> points, int steps, Path file) throws IOException {
        double[] axis = new double[steps];
        double[][] loss = new double[steps][steps];
        for (int k = 0; k < points.size(); k++) {
            axis[k % steps] = points.get(k).x();
            loss[k / steps][k % steps] = points.get(k).loss();
        }
        new ContourPlot(axis, axis, loss, 13).write(title, "direction 1", "direction 2", "training loss", file);
    }
}
