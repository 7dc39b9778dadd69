package dev.samlab.runner.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.runner.train.EpochMetrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class ComparisonCurvesTest {

    /** Two epochs of a run whose metrics are all {@code v} in the first epoch and {@code 2v} in the second. */
    private static List<EpochMetrics> run(double v, boolean noisy) {
        return List.of(epoch(1, v, noisy), epoch(2, 2 * v, noisy));
    }

    private static EpochMetrics epoch(int epoch, double v, boolean noisy) {
        return new EpochMetrics(
                epoch,
                epoch,
                v,
                v,
                v,
                v,
                OptionalDouble.empty(),
                1,
                epoch,
                Double.NaN,
                Double.NaN,
                noisy ? v / 2 : Double.NaN);
    }

    private static Comparison.Arm arm(String label, boolean noisy, double... values) {
        List<List<EpochMetrics>> runs =
                java.util.Arrays.stream(values).mapToObj(v -> run(v, noisy)).toList();
        return new Comparison.Arm(label, "name: " + label + "\n", List.of(1L, 2L, 3L), runs, List.of());
    }

    private static XYSeries series(XYChart chart, String name) {
        return chart.getSeriesMap().get(name);
    }

    @Test
    void eachConfigIsItsMeanOverSeedsInTheLegendAndItsLowestAndHighestSeedThinInTheSameColour() {
        List<XYChart> charts =
                ComparisonCurves.charts(List.of(arm("sgd", false, 0.1, 0.2, 0.6), arm("sam", false, 0.3)));

        assertThat(charts)
                .extracting(XYChart::getTitle)
                .containsExactly(
                        "training loss, on the labels trained on", "test loss", "training accuracy", "test accuracy");
        XYChart trainLoss = charts.get(0);
        assertThat(series(trainLoss, "sgd").getYData()).containsExactly(0.3, 0.6);
        assertThat(series(trainLoss, "sgd (lowest seed)").getYData()).containsExactly(0.1, 0.2);
        assertThat(series(trainLoss, "sgd (highest seed)").getYData()).containsExactly(0.6, 1.2);
        assertThat(series(trainLoss, "sgd (lowest seed)").isShowInLegend()).isFalse();
        assertThat(series(trainLoss, "sgd (lowest seed)").getLineColor())
                .isEqualTo(series(trainLoss, "sgd").getLineColor());
        assertThat(series(trainLoss, "sam").getLineColor())
                .isNotEqualTo(series(trainLoss, "sgd").getLineColor());
        assertThat(trainLoss.getSeriesMap())
                .as("one seed has no spread to draw")
                .doesNotContainKey("sam (lowest seed)");
        assertThat(series(charts.get(3), "sgd").getYData()).containsExactly(30, 60);
        assertThat(series(charts.get(2), "sgd").getXData()).containsExactly(1, 2);
    }

    @Test
    void withLabelNoiseTheTrainingAccuracyOnTheTrueLabelsIsDashedBesideIt() throws IOException {
        List<Comparison.Arm> arms = List.of(arm("sgd", true, 0.4, 0.6), arm("sam", true, 0.5, 0.5));

        XYChart trainAccuracy = ComparisonCurves.charts(arms).get(2);

        assertThat(trainAccuracy.getTitle()).contains("dashed on the true labels");
        assertThat(series(trainAccuracy, "sgd, true labels").getYData()).containsExactly(25, 50);
        assertThat(series(trainAccuracy, "sgd, true labels").getLineStyle().getDashArray())
                .isNotNull();
        assertThat(series(trainAccuracy, "sgd").getLineStyle().getDashArray()).isNull();
        var png = ImageIO.read(new ByteArrayInputStream(ComparisonCurves.png(arms)));
        assertThat(png.getWidth()).isEqualTo(1280);
        assertThat(png.getHeight()).as("two rows of two charts").isEqualTo(840);
    }
}
