package dev.samlab.runner.eval;

import dev.samlab.runner.report.ChartFile;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/** {@code confusion.png}: the confusion matrix as a heat map of row-normalized percentages. */
final class ConfusionChart {

    private ConfusionChart() {}

    static void write(ConfusionMatrix matrix, List<String> classNames, String title, Path file) throws IOException {
        int n = matrix.classes();
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(720)
                .height(640)
                .title(title)
                .xAxisTitle("predicted")
                .yAxisTitle("true class")
                .build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(33, 102, 172)});
        List<Number[]> cells = new ArrayList<>();
        for (int actual = 0; actual < n; actual++) {
            long row = 0;
            for (int p = 0; p < n; p++) {
                row += matrix.count(actual, p);
            }
            for (int predicted = 0; predicted < n; predicted++) {
                double percent = row == 0 ? 0 : Math.round(1000.0 * matrix.count(actual, predicted) / row) / 10.0;
                cells.add(new Number[] {predicted, n - 1 - actual, percent});
            }
        }
        List<String> reversed = new ArrayList<>(classNames);
        Collections.reverse(reversed);
        chart.addSeries("% of the true class", classNames, reversed, cells);
        ChartFile.save(file, List.of(chart));
    }
}
