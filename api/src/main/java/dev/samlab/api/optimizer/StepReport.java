package dev.samlab.api.optimizer;

import dev.samlab.api.model.Evaluation;

/**
 * What an optimizer saw during one step.
 *
 * @param evaluation          the first evaluation: what the training curve shows (at the unperturbed weights, except
 *                            for methods that never evaluate there, such as Momentum-SAM)
 * @param gradientEvaluations forward+backward passes this step cost, each counted by the fraction of the batch it
 *                            covered: 1 for Adam, 2 for SAM, 1.5 for ESAM's second pass on half the batch
 */
public record StepReport(Evaluation evaluation, double gradientEvaluations) {}
