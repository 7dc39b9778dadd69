package dev.samlab.runner.report;

import dev.samlab.runner.io.AtomicFile;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A filled contour plot of a positive function sampled on a grid (a loss surface): colour bands between
 * geometrically spaced levels, since losses span orders of magnitude, with a line on each level, a colour bar and a
 * cross at the origin. XChart has no contour chart, hence this small Java2D drawing.
 */
public final class ContourPlot {

    static final Color LINE = new Color(40, 40, 40);
    private static final int PLOT = 560;
    private static final int LEFT = 80;
    private static final int TOP = 50;
    private static final int BAR = 24;
    private static final int WIDTH = LEFT + PLOT + 40 + BAR + 70;
    private static final int HEIGHT = TOP + PLOT + 60;
    /** A blue-to-yellow sequential colour map (viridis' ends and middle): low loss dark, high loss bright. */
    private static final Color[] MAP = {
        new Color(68, 1, 84),
        new Color(59, 82, 139),
        new Color(33, 145, 140),
        new Color(94, 201, 98),
        new Color(253, 231, 37)
    };

    private final double[] xs;
    private final double[] ys;
    private final double[][] z;
    private final double[] levels;

    /**
     * @param xs     the grid's x coordinates, increasing
     * @param ys     its y coordinates, increasing
     * @param z      the values, {@code z[j][i]} at (xs[i], ys[j]), all positive
     * @param levels how many contour levels
     */
    public ContourPlot(double[] xs, double[] ys, double[][] z, int levels) {
        this.xs = xs.clone();
        this.ys = ys.clone();
        this.z = z;
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double[] row : z) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        this.levels = geometric(Math.max(min, 1e-12), Math.max(max, min * (1 + 1e-9)), levels);
    }

    /** {@code count} levels from {@code low} to {@code high}, evenly spaced in log scale. */
    static double[] geometric(double low, double high, int count) {
        double[] levels = new double[count];
        for (int k = 0; k < count; k++) {
            levels[k] = low * Math.pow(high / low, (double) k / (count - 1));
        }
        return levels;
    }

    double[] levels() {
        return levels.clone();
    }

    /** The band a value falls in: 0 below the second level, {@code levels − 2} at or above the next to last. */
    int band(double value) {
        int band = 0;
        while (band < levels.length - 2 && value >= levels[band + 1]) {
            band++;
        }
        return band;
    }

    Color colour(int band) {
        double t = (double) band / (levels.length - 2);
        double position = t * (MAP.length - 1);
        int k = Math.min((int) position, MAP.length - 2);
        double f = position - k;
        Color a = MAP[k];
        Color b = MAP[k + 1];
        return new Color(
                (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    /** The value at (x, y) by bilinear interpolation between the grid's points. */
    double at(double x, double y) {
        int i = cell(xs, x);
        int j = cell(ys, y);
        double u = (x - xs[i]) / (xs[i + 1] - xs[i]);
        double v = (y - ys[j]) / (ys[j + 1] - ys[j]);
        return (1 - u) * (1 - v) * z[j][i]
                + u * (1 - v) * z[j][i + 1]
                + (1 - u) * v * z[j + 1][i]
                + u * v * z[j + 1][i + 1];
    }

    private static int cell(double[] axis, double value) {
        int k = 0;
        while (k < axis.length - 2 && value > axis[k + 1]) {
            k++;
        }
        return k;
    }

    public void write(String title, String xTitle, String yTitle, String valueTitle, Path file) throws IOException {
        BufferedImage image = draw(title, xTitle, yTitle, valueTitle);
        AtomicFile.write(file, out -> ImageIO.write(image, "png", out));
    }

    BufferedImage draw(String title, String xTitle, String yTitle, String valueTitle) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int[][] bands = new int[PLOT][PLOT];
        for (int py = 0; py < PLOT; py++) {
            for (int px = 0; px < PLOT; px++) {
                bands[py][px] = band(at(xOf(px), yOf(py)));
                image.setRGB(LEFT + px, TOP + py, colour(bands[py][px]).getRGB());
            }
        }
        for (int py = 0; py < PLOT - 1; py++) { // a level line wherever the band changes between neighbours
            for (int px = 0; px < PLOT - 1; px++) {
                if (bands[py][px] != bands[py][px + 1] || bands[py][px] != bands[py + 1][px]) {
                    image.setRGB(LEFT + px, TOP + py, LINE.getRGB());
                }
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, PLOT, PLOT);
        markOrigin(g);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int k = 0; k <= 4; k++) { // five ticks a side, at a quarter of the range apart
            int p = Math.round(k * (PLOT - 1) / 4f);
            double x = xs[0] + k * (xs[xs.length - 1] - xs[0]) / 4;
            double y = ys[ys.length - 1] - k * (ys[ys.length - 1] - ys[0]) / 4;
            label(g, format(x), LEFT + p, TOP + PLOT + 18, 0.5);
            label(g, format(y), LEFT - 8, TOP + p + 4, 1);
            g.drawLine(LEFT + p, TOP + PLOT, LEFT + p, TOP + PLOT + 5);
            g.drawLine(LEFT - 5, TOP + p, LEFT, TOP + p);
        }
        colourBar(g);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        label(g, xTitle, LEFT + PLOT / 2, TOP + PLOT + 42, 0.5);
        AffineTransform straight = g.getTransform();
        g.rotate(-Math.PI / 2);
        label(g, yTitle, -(TOP + PLOT / 2), LEFT - 55, 0.5);
        g.setTransform(straight);
        g.rotate(Math.PI / 2);
        label(g, valueTitle, TOP + PLOT / 2, -(WIDTH - 12), 0.5);
        g.setTransform(straight);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        label(g, title, LEFT + PLOT / 2, TOP - 20, 0.5);
        g.dispose();
        return image;
    }

    double xOf(int px) {
        return xs[0] + (xs[xs.length - 1] - xs[0]) * px / (PLOT - 1);
    }

    /** Pixel rows go down, y goes up. */
    double yOf(int py) {
        return ys[ys.length - 1] - (ys[ys.length - 1] - ys[0]) * py / (PLOT - 1);
    }

    private void markOrigin(Graphics2D g) {
        if (xs[0] > 0 || xs[xs.length - 1] < 0 || ys[0] > 0 || ys[ys.length - 1] < 0) {
            return;
        }
        int px = LEFT + (int) Math.round(-xs[0] / (xs[xs.length - 1] - xs[0]) * (PLOT - 1));
        int py = TOP + (int) Math.round(ys[ys.length - 1] / (ys[ys.length - 1] - ys[0]) * (PLOT - 1));
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(2));
        g.drawLine(px - 6, py - 6, px + 6, py + 6);
        g.drawLine(px - 6, py + 6, px + 6, py - 6);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
    }

    private void colourBar(Graphics2D g) {
        int x = LEFT + PLOT + 40;
        int bands = levels.length - 1;
        for (int b = 0; b < bands; b++) {
            int top = TOP + PLOT - (b + 1) * PLOT / bands;
            int bottom = TOP + PLOT - b * PLOT / bands;
            g.setColor(colour(Math.min(b, levels.length - 2)));
            g.fillRect(x, top, BAR, bottom - top);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x, TOP, BAR, PLOT);
        for (int k = 0; k < levels.length; k++) {
            int y = TOP + PLOT - k * PLOT / bands;
            g.drawLine(x + BAR, y, x + BAR + 4, y);
            label(g, format(levels[k]), x + BAR + 7, y + 4, 0);
        }
    }

    /** Draws text with its anchor at the left (0), centre (0.5) or right (1) of it. */
    private static void label(Graphics2D g, String text, int x, int y, double anchor) {
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(text, (int) Math.round(x - anchor * metrics.stringWidth(text)), y);
    }

    private static String format(double value) {
        double magnitude = Math.abs(value);
        if (magnitude < 1e-12) {
            return "0";
        }
        return String.format(
                Locale.ROOT, magnitude < 0.01 || magnitude >= 1000 ? "%.2g" : magnitude < 1 ? "%.3f" : "%.2f", value);
    }
}
