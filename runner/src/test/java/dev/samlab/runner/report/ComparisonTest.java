package dev.samlab.runner.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.runner.train.EpochMetrics;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    /** Two epochs: test accuracies {@code atFirst} then {@code atLast}; validation prefers the first when asked. */
    private static List<EpochMetrics> run(double atFirst, double atLast, boolean validationPrefersFirst) {
        double validationFirst = validationPrefersFirst ? 0.9 : 0.1;
        return List.of(
                new EpochMetrics(
                        1, 10, 1.0, 0.5, 1.0, atFirst, OptionalDouble.of(0.1), 5, 10, 1.0, validationFirst, Double.NaN),
                new EpochMetrics(2, 20, 0.9, 0.6, 0.9, atLast, OptionalDouble.of(0.1), 10, 20, 0.9, 0.5, Double.NaN));
    }

    private static Comparison.Arm arm(String label, List<List<EpochMetrics>> runs) {
        return new Comparison.Arm(label, "name: " + label + "\n", List.of(1L, 2L, 3L), runs, List.of());
    }

    @Test
    void showsFinalAndBestValidationAccuracyWithTheirDifferenceToTheFirstConfigAndItsInterval() {
        // final accuracies 0.50/0.51/0.52 against 0.53/0.54/0.55: Δ +3 points, equal spreads (std 1 point),
        // so the interval is 3 ± t(0.975, 4)·sqrt(2/3) points = 3 ± 2.27
        Comparison.Arm adam =
                arm("adam", List.of(run(0.40, 0.50, false), run(0.40, 0.51, false), run(0.40, 0.52, false)));
        Comparison.Arm sam = arm("sam", List.of(run(0.60, 0.53, true), run(0.61, 0.54, true), run(0.62, 0.55, true)));

        String markdown = Comparison.markdown(List.of(adam, sam));

        assertThat(markdown)
                .contains("with a 95 % Welch t interval")
                .contains("first one given (adam)")
                .contains("| run | seeds | final test acc | Δ final | test acc at best validation epoch |"
                        + " Δ at best validation | best test acc (test-selected) |")
                // sam first (ranked by final accuracy); at its best validation epoch (the first) it has 60-62 %
                .contains("| sam | 1, 2, 3 | 54.00 ± 1.00 % | +3.00 [+0.73, +5.27] | 61.00 ± 1.00 %"
                        + " | +10.00 [+7.73, +12.27] | 61.00 % | 2 | 20 | 10 s |")
                .contains("| adam | 1, 2, 3 | 51.00 ± 1.00 % | baseline | 51.00 ± 1.00 % | baseline | 51.00 % |");
    }

    @Test
    void withoutAValidationSplitOrASecondSeedShowsNeitherValidationColumnsNorAnInterval() {
        Comparison.Arm adam = unvalidated("adam", 0.50);
        Comparison.Arm sam = unvalidated("sam", 0.55);

        String markdown = Comparison.markdown(List.of(adam, sam));

        assertThat(markdown)
                .doesNotContain("validation epoch |")
                .contains("| sam | 1 | 55.00 ± 0.00 % | +5.00 (no interval: one seed) | 55.00 % |")
                .contains("| adam | 1 | 50.00 ± 0.00 % | baseline | 50.00 % |");
    }

    private static Comparison.Arm unvalidated(String label, double accuracy) {
        List<EpochMetrics> run = List.of(new EpochMetrics(
                1, 10, 1.0, 0.5, 1.0, accuracy, OptionalDouble.empty(), 5, 10, Double.NaN, Double.NaN, Double.NaN));
        return new Comparison.Arm(label, "name: " + label + "\n", List.of(1L), List.of(run), List.of());
    }
}
