/**
 * Models: {@link dev.samlab.api.model.Model} exposes its trainable {@link dev.samlab.api.model.Parameters} as
 * named views and its training loss on a batch as an {@link dev.samlab.api.model.Objective} that optimizers may
 * evaluate several times per step.
 */
package dev.samlab.api.model;
