/**
 * Datasets: a {@link dev.samlab.api.data.Dataset} hands over each split as raw
 * {@link dev.samlab.api.data.LabeledImages}; the runner shuffles, augments and normalizes them into batches.
 */
package dev.samlab.api.data;
