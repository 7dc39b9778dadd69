package dev.samlab.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class EvaluationTest {

    // predicted classes: 1, 0, 1, 2
    private static final double[][] SCORES = {{0.1, 0.9, 0}, {0.8, 0.2, 0}, {0.3, 0.7, 0}, {0.1, 0.1, 0.8}};
    // target classes: 1, 1, 0, 2
    private static final double[][] TARGETS = {{0, 1, 0}, {0, 1, 0}, {1, 0, 0}, {0, 0, 1}};

    @Test
    void countsCorrectPredictionsAgainstTheTargetsAndTheCleanLabels() {
        Batch noisy = new Batch(
                Nd4j.zeros(4, 2), Nd4j.createFromArray(TARGETS), Nd4j.createFromArray(new float[] {1, 0, 1, 0}));

        Evaluation evaluation = Evaluation.of(0.5, Nd4j.createFromArray(SCORES), noisy);

        assertThat(evaluation).isEqualTo(new Evaluation(0.5, 2, 4, 3));
        assertThat(evaluation.cleanAccuracy()).isEqualTo(0.75);
        Batch clean = new Batch(Nd4j.zeros(4, 2), Nd4j.createFromArray(TARGETS));
        assertThat(Evaluation.of(0.5, Nd4j.createFromArray(SCORES), clean)).isEqualTo(new Evaluation(0.5, 2, 4, 2));
        Batch allClassOne = new Batch(
                Nd4j.zeros(4, 2), Nd4j.createFromArray(TARGETS), Nd4j.createFromArray(new long[] {1, 1, 1, 1}));
        assertThat(Evaluation.of(0.5, Nd4j.createFromArray(SCORES), allClassOne).cleanCorrect())
                .isEqualTo(2);
    }

    @Test
    void twoEvaluationsAddUpAsOneOfBothBatches() {
        Evaluation both = new Evaluation(1.0, 3, 4, 2).plus(new Evaluation(2.5, 1, 2, 1));

        assertThat(both).isEqualTo(new Evaluation(1.5, 4, 6, 3));
        assertThat(new Evaluation(0, 0, 0).plus(both)).isEqualTo(both);
    }
}
