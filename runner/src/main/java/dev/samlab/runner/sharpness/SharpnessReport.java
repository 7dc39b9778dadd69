package dev.samlab.runner.sharpness;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Model;
import dev.samlab.runner.data.BatchStream;
import dev.samlab.runner.data.Batches;
import dev.samlab.runner.data.ChannelNormalization;
import dev.samlab.runner.progress.ProgressDisplay;
import dev.samlab.runner.train.TrainedRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Runs every flatness measure on a seeded subset of a run's training images and writes {@code sharpness.json}. */
public final class SharpnessReport {

    /** What to measure and how hard. */
    public record Settings(
            int samples,
            int batchSize,
            double rho,
            double adaptiveRho,
            double eta,
            int iterations,
            double tolerance,
            int traceSamples,
            int ascentSteps,
            int randomSamples,
            double hvpStep,
            long seed) {

        /**
         * Each check names the command-line option that sets the value; the subset's size and batch are checked
         * where it is drawn, in {@link SharpnessReport#seededSubset}, which landscapes share.
         */
        public Settings {
            check(Double.isFinite(rho) && rho > 0, "--rho", "expected a finite radius > 0, got " + rho);
            check(
                    Double.isFinite(adaptiveRho) && adaptiveRho > 0,
                    "--adaptive-rho",
                    "expected a finite radius > 0, got " + adaptiveRho);
            check(Double.isFinite(eta) && eta >= 0, "--eta", "expected a finite η ≥ 0, got " + eta);
            checkCount(iterations, 1, "--iterations", "iteration");
            check(
                    Double.isFinite(tolerance) && tolerance >= 0,
                    "--tolerance",
                    "expected a finite relative tolerance ≥ 0, got " + tolerance);
            checkCount(traceSamples, 2, "--trace-samples", "vector (for a standard error)");
            checkCount(ascentSteps, 1, "--ascent-steps", "step");
            checkCount(randomSamples, 2, "--random-samples", "direction (for a spread)");
            check(Double.isFinite(hvpStep) && hvpStep > 0, "--hvp-step", "expected a finite step > 0, got " + hvpStep);
        }

        /** The most of any one repetition: the passes they add up to must fit the progress count. */
        static final int MAX_COUNT = 100_000;

        private static void checkCount(int value, int least, String option, String what) {
            check(
                    value >= least && value <= MAX_COUNT,
                    option,
                    String.format(
                            Locale.ROOT, "expected from %d to %,d, one a %s, got %d", least, MAX_COUNT, what, value));
        }

        /** What {@code samlab sharpness} measures unless told otherwise. */
        public static final Settings DEFAULTS = new Settings(2000, 250, 0.05, 0.5, 0.01, 20, 1e-3, 10, 5, 10, 1e-4, 0);

        /** Passes over the subset that measuring costs at most (power iteration may stop early). */
        int passes() {
            return 1 + 2 * iterations + 2 * traceSamples + 2 * (1 + ascentSteps) + 1 + randomSamples;
        }
    }

    /** Where a run's measurement goes, in its folder. */
    public static final String FILE = "sharpness.json";

    private SharpnessReport() {}

    /**
     * Measures a run's flatness and writes {@value #FILE}, naming the checkpoint measured, where the run's analyses
     * go; the model is left as loaded.
     */
    public static SharpnessMeasurement measure(TrainedRun trained, Settings settings, boolean force)
            throws IOException {
        Path file = trained.output(FILE, force);
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        trained.model()
                .save(before); // the measures put the weights back exactly; this guards the rest of the state too
        SharpnessMeasurement measured = measure(
                trained.model(),
                trained.data().train(),
                trained.data().normalization(),
                trained.dataset().classNames().size(),
                settings,
                trained.config().name() + " sharpness");
        trained.model().load(new ByteArrayInputStream(before.toByteArray()));
        SharpnessMeasurement ofCheckpoint = measured.of(trained.checkpointSha256(), settings);
        ofCheckpoint.write(file);
        return ofCheckpoint;
    }

    /** @return the measurement; progress is shown as a bar or log lines under {@code task} */
    public static SharpnessMeasurement measure(
            Model model,
            LabeledImages train,
            ChannelNormalization normalization,
            int classes,
            Settings settings,
            String task) {
        String[] phase = {"loss"};
        try (ProgressDisplay progress = ProgressDisplay.start(task, "passes", settings.passes(), 0)) {
            LossSurface surface = new LossSurface(
                    model,
                    seededSubset(
                            train, normalization, classes, settings.samples(), settings.batchSize(), settings.seed()),
                    passes -> progress.update((int) passes, phase[0]));
            Measures measures = new Measures(surface, settings.hvpStep());
            SplittableRandom random = new SplittableRandom(settings.seed());
            double loss = surface.at(null, null);
            phase[0] = "lambda_max";
            Measures.PowerIteration lambda = measures.lambdaMax(settings.iterations(), settings.tolerance(), random);
            phase[0] = "trace";
            Measures.Estimate trace = measures.trace(settings.traceSamples(), random);
            phase[0] = "worst case";
            Measures.WorstCase l2 = measures.worstCase(settings.rho(), -1, settings.ascentSteps());
            Measures.WorstCase adaptive =
                    measures.worstCase(settings.adaptiveRho(), settings.eta(), settings.ascentSteps());
            phase[0] = "average";
            Measures.Estimate average = measures.averageSharpness(settings.rho(), settings.randomSamples(), random);
            return new SharpnessMeasurement(
                    Math.min(settings.samples(), train.size()),
                    surface.mode(),
                    loss,
                    lambda.value(),
                    lambda.iterations(),
                    lambda.converged(),
                    trace.mean(),
                    trace.standardError(),
                    new SharpnessMeasurement.WorstCase(settings.rho(), l2.oneStep(), l2.projected(), l2.steps()),
                    new SharpnessMeasurement.AdaptiveWorstCase(
                            settings.adaptiveRho(),
                            settings.eta(),
                            adaptive.oneStep(),
                            adaptive.projected(),
                            adaptive.steps()),
                    new SharpnessMeasurement.Average(
                            settings.rho(), average.mean(), average.standardError(), average.samples()),
                    settings.hvpStep(),
                    surface.passes(),
                    null,
                    null);
        }
    }

    /** A seeded random subset of the training images, normalized as in training, without augmentation. */
    public static List<Batch> seededSubset(
            LabeledImages train,
            ChannelNormalization normalization,
            int classes,
            int samples,
            int batchSize,
            long seed) {
        check(samples > 0, "--samples", "expected at least 1 image, got " + samples);
        check(batchSize > 0, "--batch", "expected a batch size of at least 1, got " + batchSize);
        Batches all = new Batches(train, classes, normalization, Augmentation.NONE, 0);
        List<Batch> batches = new ArrayList<>();
        try (BatchStream stream = all.sample(samples, batchSize, new SplittableRandom(seed + 1))) {
            stream.forEachRemaining(batches::add);
        }
        return batches;
    }
}
