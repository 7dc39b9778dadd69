package dev.samlab.api.optimizer;

/**
 * An optimizer refused a step because a gradient held NaN or infinity; the weights are as they were before the
 * step, so the run can stop with its last good state intact.
 */
public class NonFiniteGradientException extends ArithmeticException {

    public NonFiniteGradientException(long iteration, String parameter, String where) {
        super("step " + iteration + ": the gradient of " + parameter + " is not finite " + where
                + "; the step was refused and the weights are unchanged");
    }
}
