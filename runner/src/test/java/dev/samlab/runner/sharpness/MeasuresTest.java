package dev.samlab.runner.sharpness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.models.mlp.MlpConfig;
import dev.samlab.models.mlp.MlpProvider;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class MeasuresTest {

    private static final Batch ANY = new Batch(Nd4j.zeros(1, 1), Nd4j.zeros(1, 1));
    private static final double[] W = {0.3, -0.2, 0.5, 1.0};
    private static final double[] B = {1, 0, -1, 0.5};

    /** Q diag(eigenvalues) Qᵀ with Q a fixed rotation. */
    private static double[][] withEigenvalues(double... eigenvalues) {
        int n = eigenvalues.length;
        double[][] q = new double[n][n];
        Random random = new Random(4);
        for (int j = 0; j < n; j++) { // Gram-Schmidt on random columns
            for (int i = 0; i < n; i++) {
                q[i][j] = random.nextGaussian();
            }
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += q[i][j] * q[i][k];
                }
                for (int i = 0; i < n; i++) {
                    q[i][j] -= dot * q[i][k];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[i][j] * q[i][j];
            }
            for (int i = 0; i < n; i++) {
                q[i][j] /= Math.sqrt(norm);
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += q[i][k] * eigenvalues[k] * q[j][k];
                }
            }
        }
        return a;
    }

    private static Measures measures(double[][] a) {
        return new Measures(new LossSurface(new QuadraticModel(a, B, W), List.of(ANY)), 1e-4);
    }

    @Test
    void powerIterationFindsTheLargestEigenvalueOfAKnownHessian() {
        Measures.PowerIteration lambda =
                measures(withEigenvalues(5, 2, 1, 0.5)).lambdaMax(100, 1e-9, new SplittableRandom(1));

        assertThat(lambda.value()).isCloseTo(5, within(5e-3));
        assertThat(lambda.converged()).isTrue();
        assertThat(lambda.iterations()).isLessThan(100);
    }

    @Test
    void hutchinsonEstimatesTheTraceOfAKnownHessian() {
        Measures.Estimate diagonal = measures(new double[][] {{5, 0, 0, 0}, {0, 2, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 0.5}})
                .trace(4, new SplittableRandom(2));
        Measures.Estimate rotated = measures(withEigenvalues(5, 2, 1, 0.5)).trace(4000, new SplittableRandom(3));

        assertThat(diagonal.mean()).as("exact for a diagonal Hessian").isCloseTo(8.5, within(8.5e-3));
        assertThat(diagonal.standardError()).isCloseTo(0, within(1e-6));
        assertThat(rotated.mean()).isCloseTo(8.5, within(4 * rotated.standardError() + 1e-3));
        assertThat(rotated.standardError()).isLessThan(0.1);
    }

    @Test
    void oneAscentStepGivesTheClosedFormLossIncreaseAndProjectedAscentNoLess() {
        double[][] a = withEigenvalues(5, 2, 1, 0.5);
        double rho = 0.1;

        Measures.WorstCase worst = measures(a).worstCase(rho, -1, 5);

        double[] g = new double[4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                g[i] += a[i][j] * W[j];
            }
            g[i] -= B[i];
        }
        double norm = Math.sqrt(Arrays.stream(g).map(x -> x * x).sum());
        double gAg = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                gAg += g[i] * a[i][j] * g[j];
            }
        }
        // L(w + e) − L(w) = gᵀe + ½ eᵀAe with e = ρ g / ‖g‖
        assertThat(worst.oneStep()).isCloseTo(rho * norm + 0.5 * rho * rho * gAg / (norm * norm), within(1e-9));
        assertThat(worst.projected()).isGreaterThanOrEqualTo(worst.oneStep());
    }

    @Test
    void averageSharpnessOfAQuadraticIsHalfRhoSquaredTimesTheMeanEigenvalue() {
        Measures.Estimate average =
                measures(withEigenvalues(5, 2, 1, 0.5)).averageSharpness(0.1, 4000, new SplittableRandom(5));

        // E[gᵀd] = 0 and E[dᵀAd] = ρ² tr(A) / n for d uniform on the sphere of radius ρ
        assertThat(average.mean()).isCloseTo(0.5 * 0.01 * 8.5 / 4, within(4 * average.standardError()));
    }

    @Test
    void finiteDifferenceHessianVectorProductOfAnMlpMatchesADoublePrecisionReference() {
        Model mlp = new MlpProvider()
                .create(new MlpConfig(List.of(6), false, "double"), new ModelContext(new ImageShape(1, 3, 3), 3, 7));
        LossSurface surface = new LossSurface(mlp, List.of(TinyBatches.random(10, 8)));
        Direction v = Direction.random(surface.parameters(), new SplittableRandom(9), false);

        Direction product = new Measures(surface, 1e-4).hessianTimes(v);
        Direction reference = new Measures(surface, 1e-7).hessianTimes(v);

        assertThat(product.copy().add(-1, reference).norm() / reference.norm()).isLessThan(1e-4);
        assertThat(reference.norm()).isGreaterThan(0);
    }
}
