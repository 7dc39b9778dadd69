package dev.samlab.api.model;

/**
 * The outcome of one pass over a batch.
 *
 * @param loss     mean loss over the batch
 * @param correct  examples whose most probable class is the target's most probable class
 * @param examples batch size
 */
public record Evaluation(double loss, int correct, int examples) {

    public double accuracy() {
        return examples == 0 ? 0 : (double) correct / examples;
    }
}
