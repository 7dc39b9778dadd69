package dev.samlab.optim.sam;

import dev.samlab.api.model.Objective;
import dev.samlab.api.sharpness.PerturbedEvaluation;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * ESAM's sharpness-sensitive data selection: the second pass takes the ⌊γ·n⌋ examples (at least one) whose loss rose
 * most from w to w + e, found by a forward pass at each. The authors' code keeps the examples strictly above the
 * ⌊γ·n⌋-th largest rise, one fewer; γ = 1 takes the whole batch without the forward passes.
 */
final class SharpestExamples implements PerturbedEvaluation {

    private final double gamma;
    /** Each example's loss at w, between {@link #beforeAscent} and {@link #evaluate} of one step. */
    private double[] before;

    SharpestExamples(double gamma) {
        this.gamma = gamma;
    }

    @Override
    public void beforeAscent(Objective objective) {
        before = gamma < 1 ? objective.exampleLosses() : null;
    }

    @Override
    public double evaluate(Objective objective) {
        if (before == null) {
            objective.evaluate();
            return 1;
        }
        double[] after = objective.exampleLosses();
        int n = after.length;
        int kept = Math.max(1, (int) Math.floor(gamma * n));
        int[] sharpest = IntStream.range(0, n)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> after[i] - before[i])
                        .reversed())
                .limit(kept)
                .mapToInt(Integer::intValue)
                .sorted()
                .toArray();
        objective.subset(sharpest).evaluate();
        return (double) kept / n;
    }
}
