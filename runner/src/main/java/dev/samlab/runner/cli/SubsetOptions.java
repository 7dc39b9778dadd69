package dev.samlab.runner.cli;

import static dev.samlab.runner.sharpness.SharpnessReport.Settings.DEFAULTS;

import picocli.CommandLine.Option;

/** The fixed, seeded subset of a run's training images that flatness and landscapes are measured on. */
final class SubsetOptions {

    @Option(
            names = "--samples",
            description = "Training images, drawn at random by --seed (default: ${DEFAULT-VALUE}).")
    int samples = DEFAULTS.samples();

    @Option(names = "--batch", description = "Batch size of the passes over them (default: ${DEFAULT-VALUE}).")
    int batch = DEFAULTS.batchSize();

    @Option(
            names = "--seed",
            description = "Seed of the subset and of the random directions (default: ${DEFAULT-VALUE}).")
    long seed = DEFAULTS.seed();
}
