package dev.samlab.runner.sharpness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.samlab.runner.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What {@code samlab sharpness} measured: the contract of {@code sharpness.json}, written and read by Jackson as this
 * record, so that writer and readers cannot drift apart.
 *
 * @param images                     training images measured on (a seeded subset)
 * @param mode                       {@code training} or {@code inference} batch norm
 * @param loss                       the mean training loss there
 * @param lambdaMax                  the largest Hessian eigenvalue, by power iteration
 * @param trace                      the Hessian's trace, by Hutchinson's estimator
 * @param worstCaseSharpness         the largest loss increase found in an L2 ball
 * @param adaptiveWorstCaseSharpness the same in ASAM's adaptive ball
 * @param averageSharpness           the mean loss increase over random directions on the ball's surface
 * @param hvpRelativeStep            the finite-difference step of the Hessian-vector products, relative to ‖w‖
 * @param passes                     passes over the subset the measures took
 * @param checkpointSha256           the SHA-256 of the checkpoint file measured; null when written before SamLab
 *                                   recorded it
 * @param settings                   what was measured how: with the checkpoint, what a reuse checks; null when
 *                                   written before SamLab recorded them
 */
public record SharpnessMeasurement(
        int images,
        String mode,
        double loss,
        double lambdaMax,
        int lambdaMaxIterations,
        boolean lambdaMaxConverged,
        double trace,
        double traceStandardError,
        WorstCase worstCaseSharpness,
        AdaptiveWorstCase adaptiveWorstCaseSharpness,
        Average averageSharpness,
        double hvpRelativeStep,
        long passes,
        String checkpointSha256,
        SharpnessReport.Settings settings) {

    /** L(w + e) − L(w), one ascent step and projected ascent, in the L2 ball of radius {@code rho}. */
    public record WorstCase(double rho, double oneStep, double projectedAscent, int steps) {}

    /** The same in the adaptive ball ‖T⁻¹e‖ ≤ ρ, T = |w| + η. */
    public record AdaptiveWorstCase(double rho, double eta, double oneStep, double projectedAscent, int steps) {}

    public record Average(double rho, double mean, double standardError, int samples) {}

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** This measurement as made on the checkpoint whose SHA-256 is {@code sha256}, with {@code how}. */
    public SharpnessMeasurement of(String sha256, SharpnessReport.Settings how) {
        return new SharpnessMeasurement(
                images,
                mode,
                loss,
                lambdaMax,
                lambdaMaxIterations,
                lambdaMaxConverged,
                trace,
                traceStandardError,
                worstCaseSharpness,
                adaptiveWorstCaseSharpness,
                averageSharpness,
                hvpRelativeStep,
                passes,
                sha256,
                how);
    }

    public void write(Path file) throws IOException {
        byte[] json = JSON.writeValueAsBytes(this);
        AtomicFile.write(file, out -> out.write(json));
    }

    /** @throws IOException naming the file when it holds no measurement */
    public static SharpnessMeasurement read(Path file) throws IOException {
        try {
            SharpnessMeasurement measured = JSON.readValue(file.toFile(), SharpnessMeasurement.class);
            if (measured.worstCaseSharpness() == null || measured.lambdaMax() == 0) {
                throw new IOException(file + " holds no lambdaMax or worstCaseSharpness: it was not written by"
                        + " samlab sharpness; delete it to measure again");
            }
            return measured;
        } catch (JsonProcessingException e) {
            throw new IOException(
                    file + " is not a sharpness.json samlab sharpness wrote (" + e.getOriginalMessage()
                            + "); delete it to measure again",
                    e);
        }
    }

    /** Each measure as one line, {@code key value}, in the record's order. */
    public String describe() {
        StringBuilder lines = new StringBuilder();
        JSON.valueToTree(this)
                .fields()
                .forEachRemaining(
                        field -> lines.append(String.format("  %-28s %s%n", field.getKey(), field.getValue())));
        return lines.toString();
    }
}
