package dev.samlab.runner.cli;

import dev.samlab.runner.sharpness.SharpnessReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code samlab sharpness RUN}: how flat is the minimum a run found? */
@Command(name = "sharpness", mixinStandardHelpOptions = true,
        description = {"Measure the flatness of a run's checkpoint on a fixed, seeded subset of its training images:"
                + " the largest Hessian eigenvalue (power iteration), the Hessian trace (Hutchinson), worst-case"
                + " sharpness in an L2 ball and in ASAM's adaptive ball (one SAM step, then projected ascent), and"
                + " average sharpness under random perturbations. Writes sharpness.json into the run folder.",
            "Hessian-vector products are central differences of gradients with a step of --hvp-step times the"
                    + " weights' norm. Batch norm uses the subset's batch statistics (DL4J computes gradients in"
                    + " training mode only); the subset and its batches are fixed, so the measures are deterministic."})
final class SharpnessCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder, or a checkpoint file inside one.")
    private Path run;

    @Option(names = "--samples", description = "Training images measured on (default: ${DEFAULT-VALUE}).")
    private int samples = 2000;

    @Option(names = "--batch", description = "Batch size of the passes (default: ${DEFAULT-VALUE}).")
    private int batch = 250;

    @Option(names = "--rho", description = "Radius of the L2 ball and of the random perturbations (default: ${DEFAULT-VALUE}).")
    private double rho = 0.05;

    @Option(names = "--adaptive-rho", description = "Radius of the adaptive ball (default: ${DEFAULT-VALUE}).")
    private double adaptiveRho = 0.5;

    @Option(names = "--eta", description = "η of the adaptive ball, T = |w| + η (default: ${DEFAULT-VALUE}).")
    private double eta = 0.01;

    @Option(names = "--iterations", description = "Power-iteration cap (default: ${DEFAULT-VALUE}).")
    private int iterations = 20;

    @Option(names = "--tolerance", description = "Power iteration stops when λ changes by less than this, relative"
            + " (default: ${DEFAULT-VALUE}).")
    private double tolerance = 1e-3;

    @Option(names = "--trace-samples", description = "Rademacher vectors for the trace (default: ${DEFAULT-VALUE}).")
    private int traceSamples = 10;

    @Option(names = "--ascent-steps", description = "Steps of projected ascent (default: ${DEFAULT-VALUE}).")
    private int ascentSteps = 5;

    @Option(names = "--random-samples", description = "Random directions for average sharpness (default: ${DEFAULT-VALUE}).")
    private int randomSamples = 10;

    @Option(names = "--hvp-step", description = "Finite-difference step, relative to the weights' norm"
            + " (default: ${DEFAULT-VALUE}).")
    private double hvpStep = 1e-4;

    @Option(names = "--seed", description = "Seed of the subset and the random vectors (default: ${DEFAULT-VALUE}).")
    private long seed = 0;

    @Mixin
    private PluginOptions plugins;

    @Mixin
    private DataOptions data;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        TrainedRun trained = TrainedRun.load(run, null, plugins.discover(), data);
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        trained.model().save(before); // the measures leave the weights exactly; this keeps the running statistics too
        Map<String, Object> results = SharpnessReport.measure(trained.model(), trained.data().train(),
                trained.data().normalization(), trained.dataset().classNames().size(),
                new SharpnessReport.Settings(samples, batch, rho, adaptiveRho, eta, iterations, tolerance,
                        traceSamples, ascentSteps, randomSamples, hvpStep, seed));
        trained.model().load(new java.io.ByteArrayInputStream(before.toByteArray()));
        Path file = trained.folder().resolve("sharpness.json");
        SharpnessReport.write(results, file);

        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: flatness on %s training images%n", trained.config().name(), results.get("images"));
        results.forEach((key, value) -> out.printf("  %-28s %s%n", key, value));
        out.printf("written to %s%n", file);
        out.flush();
        return 0;
    }
}
