/**
 * Arithmetic on whole tensors that optimizers run once per parameter per step, at the cost of one native call each
 * ({@link dev.samlab.api.tensor.Vectors}).
 */
package dev.samlab.api.tensor;
