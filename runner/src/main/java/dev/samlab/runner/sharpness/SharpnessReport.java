package dev.samlab.runner.sharpness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Model;
import dev.samlab.runner.data.BatchStream;
import dev.samlab.runner.data.Batches;
import dev.samlab.runner.data.ChannelNormalization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Runs every flatness measure on a seeded subset of a run's training images and writes {@code sharpness.json}. */
public final class SharpnessReport {

    /** What to measure and how hard. */
    public record Settings(int samples, int batchSize, double rho, double adaptiveRho, double eta, int iterations,
                           double tolerance, int traceSamples, int ascentSteps, int randomSamples, double hvpStep,
                           long seed) {
    }

    private SharpnessReport() {
    }

    /** @return the results, in the order they are printed */
    public static Map<String, Object> measure(Model model, LabeledImages train, ChannelNormalization normalization,
                                              int classes, Settings settings) {
        LossSurface surface = new LossSurface(model, batches(train, normalization, classes, settings));
        Measures measures = new Measures(surface, settings.hvpStep());
        SplittableRandom random = new SplittableRandom(settings.seed());
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("images", Math.min(settings.samples(), train.size()));
        results.put("loss", surface.at(null, null));
        Measures.PowerIteration lambda = measures.lambdaMax(settings.iterations(), settings.tolerance(), random);
        results.put("lambdaMax", lambda.value());
        results.put("lambdaMaxIterations", lambda.iterations());
        results.put("lambdaMaxConverged", lambda.converged());
        Measures.Estimate trace = measures.trace(settings.traceSamples(), random);
        results.put("trace", trace.mean());
        results.put("traceStandardError", trace.standardError());
        Measures.WorstCase l2 = measures.worstCase(settings.rho(), -1, settings.ascentSteps());
        results.put("worstCaseSharpness", Map.of("rho", settings.rho(), "oneStep", l2.oneStep(),
                "projectedAscent", l2.projected(), "steps", l2.steps()));
        Measures.WorstCase adaptive = measures.worstCase(settings.adaptiveRho(), settings.eta(), settings.ascentSteps());
        results.put("adaptiveWorstCaseSharpness", Map.of("rho", settings.adaptiveRho(), "eta", settings.eta(),
                "oneStep", adaptive.oneStep(), "projectedAscent", adaptive.projected(), "steps", adaptive.steps()));
        Measures.Estimate average = measures.averageSharpness(settings.rho(), settings.randomSamples(), random);
        results.put("averageSharpness", Map.of("rho", settings.rho(), "mean", average.mean(),
                "standardError", average.standardError(), "samples", average.samples()));
        results.put("hvpRelativeStep", settings.hvpStep());
        results.put("gradientEvaluations", surface.gradientEvaluations());
        return results;
    }

    public static void write(Map<String, Object> results, Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), results);
    }

    /** A seeded random subset of the training images, normalised as in training, without augmentation. */
    private static List<Batch> batches(LabeledImages train, ChannelNormalization normalization, int classes,
                                       Settings settings) {
        int count = Math.min(settings.samples(), train.size());
        int[] order = new int[train.size()];
        SplittableRandom random = new SplittableRandom(settings.seed() + 1);
        for (int i = 0; i < order.length; i++) {
            int j = random.nextInt(i + 1);
            order[i] = order[j];
            order[j] = i;
        }
        int size = train.shape().size();
        byte[] pixels = new byte[count * size];
        int[] labels = new int[count];
        for (int k = 0; k < count; k++) {
            System.arraycopy(train.pixels(), order[k] * size, pixels, k * size, size);
            labels[k] = train.labels()[order[k]];
        }
        Batches subset = new Batches(new LabeledImages(train.shape(), pixels, labels), classes, normalization,
                Augmentation.NONE, 0);
        List<Batch> batches = new ArrayList<>();
        try (BatchStream stream = subset.inOrder(settings.batchSize())) {
            stream.forEachRemaining(batches::add);
        }
        return batches;
    }
}
