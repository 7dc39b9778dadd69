package dev.samlab.runner.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContourPlotTest {

    /** A bowl, f(x, y) = 0.1 + x² + 2y², sampled on a 9 × 9 grid over [-1, 1]². */
    private static ContourPlot bowl() {
        double[] axis = new double[9];
        double[][] z = new double[9][9];
        for (int i = 0; i < 9; i++) {
            axis[i] = -1 + i / 4.0;
        }
        for (int j = 0; j < 9; j++) {
            for (int i = 0; i < 9; i++) {
                z[j][i] = 0.1 + axis[i] * axis[i] + 2 * axis[j] * axis[j];
            }
        }
        return new ContourPlot(axis, axis, z, 7);
    }

    @Test
    void levelsAreGeometricFromTheSmallestToTheLargestValue() {
        double[] levels = bowl().levels();

        assertThat(levels).hasSize(7);
        assertThat(levels[0]).isCloseTo(0.1, within(1e-12));
        assertThat(levels[6]).isCloseTo(3.1, within(1e-12));
        for (int k = 1; k < 6; k++) {
            assertThat(levels[k + 1] / levels[k]).isCloseTo(levels[1] / levels[0], within(1e-9));
        }
    }

    @Test
    void interpolatesBetweenGridPointsAndReproducesThem() {
        ContourPlot plot = bowl();

        assertThat(plot.at(0, 0)).isCloseTo(0.1, within(1e-12));
        assertThat(plot.at(0.5, -0.25)).isCloseTo(0.1 + 0.25 + 2 * 0.0625, within(1e-12));
        assertThat(plot.at(0.125, 0)).isCloseTo(0.1 + 0.5 * 0.0625, within(1e-12)); // linear between x = 0 and 0.25
    }

    @Test
    void theMinimumIsDarkTheRimBrightAndALineMarksEachLevelCrossed(@TempDir Path folder) throws Exception {
        ContourPlot plot = bowl();
        Path file = folder.resolve("bowl.png");

        plot.write("bowl", "x", "y", "f", file);

        BufferedImage image = ImageIO.read(file.toFile());
        int left = 80;
        int top = 50;
        assertThat(image.getRGB(left + 300, top + 280)).isEqualTo(plot.colour(0).getRGB()); // beside the origin's cross
        assertThat(image.getRGB(left + 2, top + 2)).isEqualTo(plot.colour(5).getRGB()); // a corner, f = 3.1
        // along y = 0 from the centre to the right edge, f rises from 0.1 to 1.1 through the levels 0.18, 0.31,
        // 0.56 and 0.98: four lines
        int lines = 0;
        for (int px = 290; px < 559; px++) {
            if (image.getRGB(left + px, top + 279) == ContourPlot.LINE.getRGB()) {
                lines++;
            }
        }
        assertThat(lines).isEqualTo(4);
    }
}
