/**
 * Sharpness-aware minimization as a core with seams, for SamLab's SAM family and for third-party methods alike.
 *
 * <p>{@link dev.samlab.api.sharpness.SharpnessAware} is the two-pass step (save w, ascend, re-evaluate, restore w
 * bit for bit, refuse NaN naming the parameter, m-sharpness, the method's state in checkpoints), written once. A
 * method is its choice of
 * <ul>
 *   <li>{@link dev.samlab.api.sharpness.AscentRule}: where e points (SAM: g; ASAM: T²g with
 *       {@link dev.samlab.api.sharpness.AdaptiveScale});</li>
 *   <li>{@link dev.samlab.api.sharpness.DescentRule}: what the base steps with, from g(w) and g(w + e) (SAM:
 *       g(w + e); GSAM: g(w + e) − α g⊥);</li>
 *   <li>{@link dev.samlab.api.sharpness.RadiusSchedule}: ρ for each step, 0 for a step without the second pass;</li>
 *   <li>the roles it perturbs, and {@link dev.samlab.api.sharpness.MethodState} for what it keeps across steps.</li>
 * </ul>
 * A method's config record gets the shared keys (rho, m, epsilon, lossWeightDecay) checked by
 * {@link dev.samlab.api.sharpness.SharpnessSettings}.
 */
package dev.samlab.api.sharpness;
