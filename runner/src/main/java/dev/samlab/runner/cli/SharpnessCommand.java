package dev.samlab.runner.cli;

import static dev.samlab.runner.sharpness.SharpnessReport.Settings.DEFAULTS;

import dev.samlab.runner.sharpness.SharpnessMeasurement;
import dev.samlab.runner.sharpness.SharpnessReport;
import dev.samlab.runner.sharpness.SharpnessReport.Settings;
import dev.samlab.runner.train.TrainedRun;
import dev.samlab.runner.wiring.PluginsAndData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code samlab sharpness RUN}: how flat is the minimum a run found? */
@Command(
        name = "sharpness",
        mixinStandardHelpOptions = true,
        description = {
            "Measure the flatness of a run's checkpoint on a fixed, seeded subset of its training images:"
                    + " the largest Hessian eigenvalue (power iteration), the Hessian trace (Hutchinson), worst-case"
                    + " sharpness in an L2 ball and in ASAM's adaptive ball (one SAM step, then projected ascent), and"
                    + " average sharpness under random perturbations. Writes sharpness.json, which names the checkpoint"
                    + " measured (its SHA-256), into the run folder (for a lone checkpoint file, into the working"
                    + " folder, replacing a file there only with --force).",
            "Hessian-vector products are central differences of gradients with a step of --hvp-step times the"
                    + " weights' norm. The model runs in inference mode (batch norm with its running statistics, which"
                    + " stay as they were) on a fixed subset, so the measures are deterministic: a function of the"
                    + " weights alone."
        })
final class SharpnessCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder, or a checkpoint file inside one.")
    private Path run;

    @Option(
            names = "--rho",
            description = "Radius of the L2 ball and of the random perturbations (default: ${DEFAULT-VALUE}).")
    private double rho = DEFAULTS.rho();

    @Option(names = "--adaptive-rho", description = "Radius of the adaptive ball (default: ${DEFAULT-VALUE}).")
    private double adaptiveRho = DEFAULTS.adaptiveRho();

    @Option(names = "--eta", description = "η of the adaptive ball, T = |w| + η (default: ${DEFAULT-VALUE}).")
    private double eta = DEFAULTS.eta();

    @Option(names = "--iterations", description = "Power-iteration cap (default: ${DEFAULT-VALUE}).")
    private int iterations = DEFAULTS.iterations();

    @Option(
            names = "--tolerance",
            description = "Power iteration stops when λ changes by less than this, relative"
                    + " (default: ${DEFAULT-VALUE}).")
    private double tolerance = DEFAULTS.tolerance();

    @Option(names = "--trace-samples", description = "Rademacher vectors for the trace (default: ${DEFAULT-VALUE}).")
    private int traceSamples = DEFAULTS.traceSamples();

    @Option(names = "--ascent-steps", description = "Steps of projected ascent (default: ${DEFAULT-VALUE}).")
    private int ascentSteps = DEFAULTS.ascentSteps();

    @Option(
            names = "--random-samples",
            description = "Random directions for average sharpness (default: ${DEFAULT-VALUE}).")
    private int randomSamples = DEFAULTS.randomSamples();

    @Option(
            names = "--hvp-step",
            description = "Finite-difference step, relative to the weights' norm" + " (default: ${DEFAULT-VALUE}).")
    private double hvpStep = DEFAULTS.hvpStep();

    @Option(names = "--force", description = "Replace a sharpness.json in the working folder (lone checkpoints).")
    private boolean force;

    @Mixin
    private SubsetOptions subset;

    @Mixin
    private PluginsAndData context;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Settings settings = new Settings(
                subset.samples,
                subset.batch,
                rho,
                adaptiveRho,
                eta,
                iterations,
                tolerance,
                traceSamples,
                ascentSteps,
                randomSamples,
                hvpStep,
                subset.seed);
        try (TrainedRun trained = context.load(run, null)) {
            SharpnessMeasurement measured = SharpnessReport.measure(trained, settings, force);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s: flatness on %s training images%n", trained.config().name(), measured.images());
            out.print(measured.describe());
            out.printf("written to %s%n", trained.folder().resolve(SharpnessReport.FILE));
            out.flush();
        }
        return 0;
    }
}
