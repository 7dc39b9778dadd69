package dev.samlab.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.api.model.Model;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.iter.NdIndexIterator;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Compares a model's gradient with central finite differences of its training loss, entry by entry. */
final class GradientCheck {

    private static final double H = 1e-6;

    private GradientCheck() {}

    /**
     * @param sampled  check every tensor at its first and last entry and 3 random ones; false checks every entry
     * @param tolerance the largest relative error allowed, |a − n| / max(floor, |a| + |n|)
     */
    static void assertMatches(Model model, Objective objective, boolean sampled, double floor, double tolerance) {
        objective.evaluate();
        List<INDArray> analytic =
                model.parameters().stream().map(p -> p.gradient().dup()).toList();
        Random pick = new Random(11);
        double worst = 0;
        for (int k = 0; k < analytic.size(); k++) {
            Parameter p = model.parameters().list().get(k);
            INDArray w = p.value();
            for (long[] i : entries(w, sampled, pick)) {
                double original = w.getDouble(i);
                w.putScalar(i, original + H);
                double plus = objective.evaluate().loss();
                w.putScalar(i, original - H);
                double minus = objective.evaluate().loss();
                w.putScalar(i, original);
                double numeric = (plus - minus) / (2 * H);
                double a = analytic.get(k).getDouble(i);
                double error = Math.abs(a - numeric) / Math.max(floor, Math.abs(a) + Math.abs(numeric));
                assertThat(error)
                        .as("%s%s: analytic %s, numeric %s", p.name(), Arrays.toString(i), a, numeric)
                        .isLessThan(tolerance);
                worst = Math.max(worst, error);
            }
        }
        assertThat(worst).as("the check compared real numbers").isGreaterThan(0);
    }

    private static List<long[]> entries(INDArray w, boolean sampled, Random pick) {
        List<long[]> all = new ArrayList<>();
        new NdIndexIterator(w.shape()).forEachRemaining(all::add);
        if (!sampled || all.size() <= 5) {
            return all;
        }
        List<long[]> checked = new ArrayList<>(List.of(all.get(0), all.get(all.size() - 1)));
        for (int r = 0; r < 3; r++) {
            checked.add(all.get(1 + pick.nextInt(all.size() - 2)));
        }
        return checked;
    }
}
