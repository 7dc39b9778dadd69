package dev.samlab.api.optimizer;

import dev.samlab.api.model.Evaluation;

/**
 * What an optimizer saw during one step.
 *
 * @param evaluation          the first evaluation, at the unperturbed weights: what the training curve shows
 * @param gradientEvaluations forward+backward passes this step cost (1 for Adam, 2 for SAM)
 */
public record StepReport(Evaluation evaluation, int gradientEvaluations) {
}
