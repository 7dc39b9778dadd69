/**
 * Optimizers: an {@link dev.samlab.api.optimizer.Optimizer} takes one step per mini-batch from an objective it
 * may evaluate as often as it needs; a {@link dev.samlab.api.optimizer.FirstOrderOptimizer} can also apply a
 * gradient it is handed, which is how SAM-style wrappers compose with any base.
 */
package dev.samlab.api.optimizer;
