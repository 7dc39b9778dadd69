/**
 * Sharpness-aware minimization as a core with seams, for SamLab's SAM family and for third-party methods alike.
 *
 * <p>{@link dev.samlab.api.sharpness.SharpnessAware} is the step (save w, ascend, re-evaluate, restore w bit for
 * bit, refuse NaN naming the parameter, m-sharpness, the pass and ρ schedules, the method's state in checkpoints,
 * gradient evaluations counted by the fraction of the batch they cover), written once. A method is its choice of
 * <ul>
 *   <li>{@link dev.samlab.api.sharpness.AscentRule}: where e points (SAM: g; ASAM: T²g with
 *       {@link dev.samlab.api.sharpness.AdaptiveScale}), and whether it needs g(w) at all;</li>
 *   <li>{@link dev.samlab.api.sharpness.AscentSteps}: one ascent step, or k from the point the last reached
 *       (multi-step SAM);</li>
 *   <li>{@link dev.samlab.api.sharpness.PerturbedEvaluation}: which examples the second pass takes (ESAM: the
 *       sharpest);</li>
 *   <li>{@link dev.samlab.api.sharpness.DescentRule}: what the base steps with, from g(w) and g(w + e) (SAM:
 *       g(w + e); GSAM: g(w + e) − α g⊥), and any move after the base's update (decoupled WSAM);</li>
 *   <li>{@link dev.samlab.api.sharpness.RadiusSchedule}: ρ for each step, 0 for a step without the second pass;</li>
 *   <li>{@link dev.samlab.api.sharpness.MethodState} for what it keeps across steps.</li>
 * </ul>
 * A method's config record holds the keys every method accepts (rho, m, epsilon, lossWeightDecay, perturb, every,
 * probability, startEpoch, rhoSchedule, rhoMin) as one {@link dev.samlab.api.sharpness.SharpnessKeys} component,
 * read at the record's own level, and resolves them over its defaults into
 * {@link dev.samlab.api.sharpness.SharpnessSettings}.
 *
 * <p>A method that steps its base more than once a step (Lookbehind-SAM) implements {@code Optimizer} itself from
 * the core's building blocks: {@link dev.samlab.api.sharpness.Perturbation} (perturb by role, one step or several,
 * restore), {@link dev.samlab.api.sharpness.CheckedGradient} (the loss's weight decay, NaN refused),
 * {@link dev.samlab.api.sharpness.RadiusSchedule#of} and {@link dev.samlab.api.sharpness.MethodState#withBase}.
 */
package dev.samlab.api.sharpness;
