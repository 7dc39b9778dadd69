package dev.samlab.api.model;

import dev.samlab.api.data.ImageShape;

/**
 * What a model needs to know about the run besides its own config.
 *
 * @param input   shape of one input image
 * @param classes number of classes to predict
 * @param seed    seed for weight initialisation
 */
public record ModelContext(ImageShape input, int classes, long seed) {}
