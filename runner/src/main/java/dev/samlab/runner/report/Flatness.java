package dev.samlab.runner.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        JsonNode json = new ObjectMapper().readTree(sharpnessJson.toFile());
        JsonNode worstCase = json.path("worstCaseSharpness");
        if (!json.has("lambdaMax") || !worstCase.has("projectedAscent")) {
            throw new IOException(sharpnessJson + " holds no lambdaMax or worstCaseSharpness.projectedAscent: it was"
                    + " not written by samlab sharpness; delete it to measure again");
        }
        return new Flatness(json.get("lambdaMax").asDouble(), worstCase.get("projectedAscent").asDouble(),
                worstCase.path("rho").asDouble());
    }
}
