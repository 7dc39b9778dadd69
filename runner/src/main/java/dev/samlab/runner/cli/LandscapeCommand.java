package dev.samlab.runner.cli;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.model.Batch;
import dev.samlab.runner.progress.ProgressDisplay;
import dev.samlab.runner.report.LandscapeCharts;
import dev.samlab.runner.sharpness.Landscape;
import dev.samlab.runner.sharpness.SharpnessReport;
import dev.samlab.runner.train.TrainedRun;
import dev.samlab.runner.wiring.PluginsAndData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code samlab landscape RUN}: the training loss around a solution, or between two. */
@Command(
        name = "landscape",
        mixinStandardHelpOptions = true,
        description = {
            "Draw the training loss and accuracy (on a fixed, seeded subset of the training images) along"
                    + " the straight line from RUN's weights to --to's (α from -0.5 to 1.5), or around RUN along one or"
                    + " two filter-normalized random directions (Li et al. 2018). Writes the values (x, y, loss, accuracy)"
                    + " as CSV and a plot into RUN's folder: landscape-to-<other run>.csv/.png, landscape-1d.csv/.png,"
                    + " or landscape-2d.csv/.png (a contour plot). For a lone checkpoint file they go to the working"
                    + " folder, replacing files there only with --force.",
            "Points are evaluated in inference mode (batch norm with the checkpoint's running statistics) on the same"
                    + " seeded subset 'samlab sharpness' uses; directions are zero on biases and batch norm, and scaled"
                    + " filter by filter to the weights' norms, so plots of different runs are comparable."
        })
final class LandscapeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder, or a checkpoint file inside one.")
    private Path run;

    @Option(names = "--to", paramLabel = "RUN", description = "Another run of the same model: interpolate to it.")
    private Path to;

    @Option(names = "--directions", description = "1 or 2 random directions (default: ${DEFAULT-VALUE}).")
    private int directions = 1;

    /** Points a line holds at most, and a side of a plane (its square is the points evaluated). */
    private static final int MAX_STEPS = 10_000;

    private static final int MAX_STEPS_2D = 1_000;

    @Option(
            names = "--steps",
            description =
                    "Points per axis, 3 to 10,000 (1,000 a side with two directions) (default: ${DEFAULT-VALUE}).")
    private int steps = 21;

    @Option(
            names = "--span",
            description = "Random directions: coordinates from -span to span (default: ${DEFAULT-VALUE}).")
    private double span = 1.0;

    @Option(names = "--force", description = "Replace landscape files in the working folder (lone checkpoints).")
    private boolean force;

    @Mixin
    private SubsetOptions subset;

    @Mixin
    private PluginsAndData context;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        check(directions == 1 || directions == 2, "--directions", "expected 1 or 2, got " + directions);
        int most = directions == 2 && to == null ? MAX_STEPS_2D : MAX_STEPS;
        check(steps >= 3 && steps <= most, "--steps", "expected 3 to " + most + " points per axis, got " + steps);
        check(Double.isFinite(span) && span > 0, "--span", "expected a finite span > 0, got " + span);
        try (TrainedRun trained = context.load(run, null);
                TrainedRun other = to == null ? null : context.load(to, null)) {
            String name = trained.config().name();
            String file = other != null ? "landscape-to-" + other.config().name() : "landscape-" + directions + "d";
            Path png = trained.output(file + ".png", force);
            Path csv = trained.output(file + ".csv", force);
            List<Batch> batches = SharpnessReport.seededSubset(
                    trained.data().train(),
                    trained.data().normalization(),
                    trained.dataset().classNames().size(),
                    subset.samples,
                    subset.batch,
                    subset.seed);
            int total = to == null && directions == 2 ? steps * steps : steps;
            List<Landscape.Point> points;
            try (ProgressDisplay progress = ProgressDisplay.start(name + " landscape", "points", total, 0)) {
                Landscape landscape = new Landscape(
                        trained.model(),
                        batches,
                        (done, point) -> progress.update(done, String.format("loss %.4f", point.loss())));
                points = other != null
                        ? landscape.interpolate(sameModel(trained, other), alphas())
                        : landscape.around(steps, span, directions == 2, subset.seed);
            }
            if (other != null) {
                String otherName = other.config().name();
                LandscapeCharts.line(
                        name + " to " + otherName, "α (0: " + name + ", 1: " + otherName + ")", points, png);
            } else if (directions == 1) {
                LandscapeCharts.line(name, "filter-normalized direction", points, png);
            } else {
                LandscapeCharts.plane(name + ": training loss", points, steps, png);
            }
            LandscapeCharts.csv(points, csv);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s: %d points written to %s and %s%n", name, points.size(), csv, png);
            out.flush();
        }
        return 0;
    }

    /** The other run's weights and buffers, after checking they have the shapes of {@code trained}'s. */
    private static List<INDArray> sameModel(TrainedRun trained, TrainedRun other) {
        List<INDArray> ours = Landscape.stateOf(trained.model());
        List<INDArray> theirs = Landscape.stateOf(other.model());
        boolean same = ours.size() == theirs.size();
        for (int i = 0; same && i < ours.size(); i++) {
            same = Arrays.equals(ours.get(i).shape(), theirs.get(i).shape());
        }
        check(
                same,
                "--to",
                other.folder() + " holds another model than " + trained.folder()
                        + ": interpolation needs the same architecture");
        return theirs;
    }

    /** From -0.5 to 1.5: a little past both ends, to see the walls beyond each solution. */
    private double[] alphas() {
        double[] alphas = new double[steps];
        for (int i = 0; i < steps; i++) {
            alphas[i] = -0.5 + 2.0 * i / (steps - 1);
        }
        return alphas;
    }
}
