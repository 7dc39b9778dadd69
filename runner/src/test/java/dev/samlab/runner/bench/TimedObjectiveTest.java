package dev.samlab.runner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Objective;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class TimedObjectiveTest {

    /** Each pass takes at least 20 ms and reports how many examples it covered. */
    private record SlowObjective(int batchSize) implements Objective {
        @Override
        public Evaluation evaluate() {
            pause();
            return new Evaluation(0.5, 1, batchSize);
        }

        @Override
        public double[] exampleLosses() {
            pause();
            return new double[batchSize];
        }

        @Override
        public Objective subBatch(int from, int to) {
            return new SlowObjective(to - from);
        }

        @Override
        public Objective subset(int[] indices) {
            return new SlowObjective(indices.length);
        }

        private static void pause() {
            long end = System.nanoTime() + 20_000_000;
            while (System.nanoTime() < end) {
                LockSupport.parkNanos(end - System.nanoTime());
            }
        }
    }

    @Test
    void countsTheTimeOfEveryPassIncludingSubBatchesAndSubsetsUntilReset() {
        TimedObjective.Clock clock = new TimedObjective.Clock();
        Objective objective = new TimedObjective(new SlowObjective(8), clock);

        assertThat(objective.evaluate().examples()).isEqualTo(8);
        assertThat(objective.subBatch(0, 4).evaluate().examples()).isEqualTo(4);
        assertThat(objective.subset(new int[] {1, 2}).evaluate().examples()).isEqualTo(2);
        assertThat(objective.exampleLosses()).hasSize(8);
        assertThat(objective.batchSize()).isEqualTo(8);

        assertThat(clock.millis()).isGreaterThanOrEqualTo(80);
        clock.reset();
        assertThat(clock.millis()).isZero();
    }
}
