package dev.samlab.api.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The outcome of one pass over a batch.
 *
 * @param loss         mean loss over the batch
 * @param correct      examples whose most probable class is the target's most probable class
 * @param examples     batch size
 * @param cleanCorrect examples whose most probable class is their clean label ({@link Batch#cleanLabels()}): the
 *                     same as {@code correct} for a batch without label noise
 */
public record Evaluation(double loss, int correct, int examples, int cleanCorrect) {

    /** Of a batch whose targets are its true labels. */
    public Evaluation(double loss, int correct, int examples) {
        this(loss, correct, examples, correct);
    }

    /**
     * A pass's evaluation from the model's output for {@code batch}, counting correct predictions against its targets
     * and its clean labels.
     *
     * @param scores [examples, classes]: probabilities, or anything with the same largest entry (logits)
     */
    public static Evaluation of(double loss, INDArray scores, Batch batch) {
        INDArray predicted = scores.argMax(1);
        int correct = matches(predicted, batch.targets().argMax(1));
        int cleanCorrect = batch.cleanLabels() == null ? correct : matches(predicted, batch.cleanLabels());
        return new Evaluation(loss, correct, batch.size(), cleanCorrect);
    }

    private static int matches(INDArray predicted, INDArray labels) {
        return predicted
                .eq(labels.reshape(predicted.shape()).castTo(predicted.dataType()))
                .castTo(DataType.INT)
                .sumNumber()
                .intValue();
    }

    /** This and {@code other} as one evaluation of both batches: the loss weighted by examples, the counts added. */
    public Evaluation plus(Evaluation other) {
        int total = examples + other.examples;
        return new Evaluation(
                total == 0 ? 0 : (loss * examples + other.loss * other.examples) / total,
                correct + other.correct,
                total,
                cleanCorrect + other.cleanCorrect);
    }

    public double accuracy() {
        return examples == 0 ? 0 : (double) correct / examples;
    }

    /** The accuracy on the clean labels. */
    public double cleanAccuracy() {
        return examples == 0 ? 0 : (double) cleanCorrect / examples;
    }
}
