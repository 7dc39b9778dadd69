package dev.samlab.runner.report;

import dev.samlab.runner.train.EpochMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A comparison's {@code curves.png}: each config's training and test loss and accuracy by epoch, overlaid, the
 * figure of a course report on SAM. Each config has one colour: its mean over seeds drawn thick, its lowest and
 * highest seed thin, so the band between them is the spread over seeds. With label noise the training accuracy on the
 * true labels is drawn dashed beside the accuracy on the labels trained on.
 */
final class ComparisonCurves {

    /** Colours told apart by most readers (Okabe and Ito's palette), reused after eight configs. */
    private static final Color[] COLOURS = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0), new Color(240, 228, 66)
    };

    private static final BasicStroke THICK = new BasicStroke(2f);
    private static final BasicStroke THIN = new BasicStroke(0.8f);
    private static final BasicStroke DASHED =
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

    private ComparisonCurves() {}

    static byte[] png(List<Comparison.Arm> arms) throws IOException {
        return ChartFile.png(charts(arms), 2);
    }

    /** Training loss, test loss, training accuracy, test accuracy: two rows of two. */
    static List<XYChart> charts(List<Comparison.Arm> arms) {
        XYChart trainLoss = chart("training loss, on the labels trained on", "cross-entropy");
        XYChart testLoss = chart("test loss", "cross-entropy");
        boolean noisy = arms.stream().anyMatch(arm -> arm.runs().get(0).get(0).hasLabelNoise());
        XYChart trainAccuracy = chart(
                noisy
                        ? "training accuracy: solid on the labels trained on, dashed on the true labels"
                        : "training accuracy",
                "accuracy (%)");
        XYChart testAccuracy = chart("test accuracy", "accuracy (%)");
        for (int a = 0; a < arms.size(); a++) {
            Comparison.Arm arm = arms.get(a);
            Color colour = COLOURS[a % COLOURS.length];
            band(trainLoss, arm, "", colour, EpochMetrics::trainLoss);
            band(testLoss, arm, "", colour, EpochMetrics::testLoss);
            band(trainAccuracy, arm, "", colour, m -> 100 * m.trainAccuracy());
            band(testAccuracy, arm, "", colour, m -> 100 * m.testAccuracy());
            if (arm.runs().get(0).get(0).hasLabelNoise()) {
                band(trainAccuracy, arm, ", true labels", colour, m -> 100 * m.trainCleanAccuracy())
                        .setLineStyle(DASHED);
            }
        }
        for (XYChart accuracy : List.of(trainAccuracy, testAccuracy)) {
            accuracy.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        }
        return List.of(trainLoss, testLoss, trainAccuracy, testAccuracy);
    }

    /** Says under the x axis, which is wide enough for it, what the thick and thin lines are. */
    private static XYChart chart(String title, String yAxis) {
        XYChart chart = Curves.chart(title, yAxis);
        chart.setXAxisTitle("epoch (thick: the mean over seeds; thin: the lowest and the highest seed)");
        return chart;
    }

    /**
     * Adds the arm's mean (named {@code arm label + suffix}, in the legend) and its lowest and highest seed (thin,
     * not in the legend), over the epochs every seed has finished.
     *
     * @return the mean's series
     */
    private static XYSeries band(
            XYChart chart, Comparison.Arm arm, String suffix, Color colour, ToDoubleFunction<EpochMetrics> value) {
        int epochs = arm.runs().stream().mapToInt(List::size).min().orElse(0);
        double[] x = IntStream.rangeClosed(1, epochs).asDoubleStream().toArray();
        double[] mean = new double[epochs];
        double[] lowest = new double[epochs];
        double[] highest = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            int epoch = e;
            double[] seeds = arm.runs().stream()
                    .mapToDouble(run -> value.applyAsDouble(run.get(epoch)))
                    .toArray();
            mean[e] = Arrays.stream(seeds).average().orElse(Double.NaN);
            lowest[e] = Arrays.stream(seeds).min().orElse(Double.NaN);
            highest[e] = Arrays.stream(seeds).max().orElse(Double.NaN);
        }
        String name = arm.label() + suffix;
        if (arm.runs().size() > 1) {
            for (XYSeries edge : List.of(
                    chart.addSeries(name + " (lowest seed)", x, lowest),
                    chart.addSeries(name + " (highest seed)", x, highest))) {
                edge.setLineColor(colour);
                edge.setLineStyle(THIN);
                edge.setMarker(SeriesMarkers.NONE);
                edge.setShowInLegend(false);
            }
        }
        XYSeries line = chart.addSeries(name, x, mean);
        line.setLineColor(colour);
        line.setLineStyle(THICK);
        line.setMarkerColor(colour);
        line.setMarker(epochs > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        return line;
    }
}
