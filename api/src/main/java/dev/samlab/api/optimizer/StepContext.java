package dev.samlab.api.optimizer;

/**
 * Where the training loop stands when it asks for a step.
 *
 * @param iteration          steps taken before this one, counted from 0 over the whole run
 * @param epoch              current epoch, counted from 0
 * @param learningRateFactor the schedule's multiplier for the configured learning rate (1 for a constant
 *                           schedule); first-order optimizers scale their step by it
 */
public record StepContext(long iteration, int epoch, double learningRateFactor) {

    public static StepContext constant(long iteration, int epoch) {
        return new StepContext(iteration, epoch, 1.0);
    }
}
