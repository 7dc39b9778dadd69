package dev.samlab.runner.bench;

import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Objective;
import java.util.function.Supplier;

/**
 * An objective that adds the time spent in its passes (its own, its sub-batches' and its subsets') to a shared
 * clock, so that a step's time splits into the model's passes and the optimizer's own work between them.
 */
final class TimedObjective implements Objective {

    /** Nanoseconds spent in passes since the last {@link #reset}. */
    static final class Clock {
        private long nanos;

        void reset() {
            nanos = 0;
        }

        double millis() {
            return nanos / 1e6;
        }

        private <T> T time(Supplier<T> pass) {
            long start = System.nanoTime();
            try {
                return pass.get();
            } finally {
                nanos += System.nanoTime() - start;
            }
        }
    }

    private final Objective inner;
    private final Clock clock;

    TimedObjective(Objective inner, Clock clock) {
        this.inner = inner;
        this.clock = clock;
    }

    @Override
    public Evaluation evaluate() {
        return clock.time(inner::evaluate);
    }

    @Override
    public double[] exampleLosses() {
        return clock.time(inner::exampleLosses);
    }

    @Override
    public int batchSize() {
        return inner.batchSize();
    }

    @Override
    public Objective subBatch(int from, int to) {
        return new TimedObjective(inner.subBatch(from, to), clock);
    }

    @Override
    public Objective subset(int[] indices) {
        return new TimedObjective(inner.subset(indices), clock);
    }
}
