package dev.samlab.runner.report;

import dev.samlab.runner.sharpness.SharpnessMeasurement;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The two flatness figures a comparison shows beside accuracy, read from a run's {@code sharpness.json}.
 *
 * @param lambdaMax the largest eigenvalue of the training loss's Hessian
 * @param worstCase the largest loss increase found within an L2 ball of radius {@code rho} (projected ascent)
 * @param rho       that radius
 */
public record Flatness(double lambdaMax, double worstCase, double rho) {

    public static Flatness read(Path sharpnessJson) throws IOException {
        SharpnessMeasurement measured = SharpnessMeasurement.read(sharpnessJson);
        return new Flatness(
                measured.lambdaMax(),
                measured.worstCaseSharpness().projectedAscent(),
                measured.worstCaseSharpness().rho());
    }
}
