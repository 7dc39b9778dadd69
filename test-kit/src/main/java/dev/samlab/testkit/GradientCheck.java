package dev.samlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.api.model.Model;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.iter.NdIndexIterator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Compares a model's gradient with central finite differences of its loss, entry by entry, each entry addressed by its
 * full multi-dimensional index (a convolution kernel's [out, in, y, x]).
 *
 * <p>The convention, SamLab's everywhere: step h = {@value #H}, and the relative error of analytic a against numeric
 * n is |a − n| / max(floor, |a| + |n|), so that entries whose gradient is about zero are compared absolutely (to
 * {@code floor · tolerance}). Only double precision makes such a check meaningful: a model in another precision is
 * refused.
 */
public final class GradientCheck {

    /** The finite-difference step. */
    public static final double H = 1e-6;

    private GradientCheck() {}

    /** Entries per tensor a sampled check compares: the first, the last and 3 random ones. */
    public static final int SAMPLED = 5;

    /**
     * The gradient {@code objective} writes against central differences of its own loss.
     *
     * @param sampled   check every tensor at its first and last entry and 3 random ones; false checks every entry
     * @param floor     the smallest denominator of the relative error
     * @param tolerance the largest relative error allowed, |a − n| / max(floor, |a| + |n|)
     */
    public static void assertMatches(
            Model model, Objective objective, boolean sampled, double floor, double tolerance) {
        assertMatches(model, objective, () -> objective.evaluate().loss(), sampled ? SAMPLED : 0, floor, tolerance);
    }

    /**
     * The gradient {@code objective} writes against central differences of its own loss, at {@code entriesPerTensor}
     * entries of each tensor (its first, its last and random ones between; 0 for all).
     */
    public static void assertMatches(
            Model model, Objective objective, int entriesPerTensor, double floor, double tolerance) {
        assertMatches(model, objective, () -> objective.evaluate().loss(), entriesPerTensor, floor, tolerance);
    }

    /**
     * The gradient {@code objective} writes against central differences of {@code loss}, another way of computing the
     * function it claims to differentiate (an inference-mode objective against {@link Model#evaluate}).
     *
     * @param loss             the function at the parameters' current values
     * @param entriesPerTensor how many entries of each tensor to compare: its first, its last and random ones between
     *                         (at least 2); 0 for every entry
     */
    public static void assertMatches(
            Model model,
            Objective objective,
            DoubleSupplier loss,
            int entriesPerTensor,
            double floor,
            double tolerance) {
        if (entriesPerTensor == 1 || entriesPerTensor < 0) {
            throw new IllegalArgumentException(
                    "entries per tensor must be 0 (all) or at least 2, got " + entriesPerTensor);
        }
        for (Parameter p : model.parameters()) {
            if (p.value().dataType() != DataType.DOUBLE) {
                throw new AssertionError("a gradient check needs a double-precision model: " + p.name() + " is "
                        + p.value().dataType());
            }
        }
        objective.evaluate();
        List<INDArray> analytic =
                model.parameters().stream().map(p -> p.gradient().dup()).toList();
        Random pick = new Random(11);
        double worst = 0;
        for (int k = 0; k < analytic.size(); k++) {
            Parameter p = model.parameters().list().get(k);
            INDArray w = p.value();
            for (long[] i : entries(w, entriesPerTensor, pick)) {
                double original = w.getDouble(i);
                w.putScalar(i, original + H);
                double plus = loss.getAsDouble();
                w.putScalar(i, original - H);
                double minus = loss.getAsDouble();
                w.putScalar(i, original);
                double numeric = (plus - minus) / (2 * H);
                double a = analytic.get(k).getDouble(i);
                double error = relativeError(a, numeric, floor);
                assertThat(error)
                        .as("gradient of %s%s: analytic %s, numeric %s", p.name(), Arrays.toString(i), a, numeric)
                        .isLessThan(tolerance);
                worst = Math.max(worst, error);
            }
        }
        assertThat(worst).as("the check compared real numbers").isGreaterThan(0);
    }

    /** |a − n| / max(floor, |a| + |n|). */
    public static double relativeError(double analytic, double numeric, double floor) {
        return Math.abs(analytic - numeric) / Math.max(floor, Math.abs(analytic) + Math.abs(numeric));
    }

    /** The indices checked in {@code w}: all ({@code perTensor} 0), or its first, its last and others from {@code pick}. */
    static List<long[]> entries(INDArray w, int perTensor, Random pick) {
        List<long[]> all = new ArrayList<>();
        new NdIndexIterator(w.shape()).forEachRemaining(all::add);
        if (perTensor == 0 || all.size() <= perTensor) {
            return all;
        }
        List<long[]> checked = new ArrayList<>(List.of(all.get(0), all.get(all.size() - 1)));
        for (int r = 2; r < perTensor; r++) {
            checked.add(all.get(1 + pick.nextInt(all.size() - 2)));
        }
        return checked;
    }
}
