package dev.samlab.runner.sharpness;

import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The loss (and accuracy) of a model along lines and planes in weight space (Li et al. 2018): between two solutions,
 * or around one along filter-normalized random directions. Each point is evaluated in inference mode, batch norm
 * with the checkpoint's running statistics, as Li et al. do; so the origin is the checkpoint's own loss. Only the
 * weights move, and batch norm's running statistics between two solutions; both are put back exactly afterwards.
 */
public final class Landscape {

    /** One point: its coordinates and the model's mean loss and accuracy there. */
    public record Point(double x, double y, double loss, double accuracy) {}

    /** Told of each point as it is evaluated, with how many were so far: to show progress. */
    public interface Listener {
        void evaluated(int done, Point point);
    }

    private final Model model;
    private final List<Batch> batches;
    private final Listener listener;
    private int evaluated;

    public Landscape(Model model, List<Batch> batches) {
        this(model, batches, (done, point) -> {});
    }

    public Landscape(Model model, List<Batch> batches, Listener listener) {
        this.model = model;
        this.batches = List.copyOf(batches);
        this.listener = listener;
    }

    /**
     * The weights and buffers (batch-norm running statistics) of {@code model}: what interpolation moves, so that
     * each end of the line is exactly one of the two checkpoints.
     */
    public static List<INDArray> stateOf(Model model) {
        List<INDArray> state = new ArrayList<>(
                model.parameters().stream().map(Parameter::value).toList());
        state.addAll(model.buffers());
        return state;
    }

    /** s(α) = (1 − α)·s + α·other for each α, over weights and buffers; {@code other} is another model's state. */
    public List<Point> interpolate(List<INDArray> other, double[] alphas) {
        List<INDArray> origin = copy(stateOf(model));
        List<INDArray> towards = new ArrayList<>();
        for (int i = 0; i < origin.size(); i++) {
            towards.add(other.get(i).sub(origin.get(i)));
        }
        List<Point> points = new ArrayList<>();
        for (double alpha : alphas) {
            points.add(at(origin, towards, alpha, null, 0, alpha, 0));
        }
        return points;
    }

    /** The loss over a grid of x (and y, if {@code twoDimensional}) in [-span, span] along random directions. */
    public List<Point> around(int steps, double span, boolean twoDimensional, long seed) {
        List<INDArray> origin = copy(stateOf(model));
        SplittableRandom random = new SplittableRandom(seed);
        List<INDArray> dx = filterNormalized(random).parts;
        List<INDArray> dy = twoDimensional ? filterNormalized(random).parts : null;
        List<Point> points = new ArrayList<>();
        for (int j = 0; j < (twoDimensional ? steps : 1); j++) {
            double y = twoDimensional ? -span + 2 * span * j / (steps - 1) : 0;
            for (int i = 0; i < steps; i++) {
                double x = -span + 2 * span * i / (steps - 1);
                points.add(at(origin, dx, x, dy, y, x, y));
            }
        }
        return points;
    }

    /**
     * A Gaussian direction rescaled filter by filter to the norms of the weights' filters (output units: the first
     * axis of a convolution kernel, the second of a dense matrix); zero on biases and normalization parameters, as
     * Li et al. do, since their scale carries no comparable meaning.
     */
    Direction filterNormalized(SplittableRandom random) {
        Direction d = Direction.random(model.parameters(), random, false);
        List<Parameter> parameters = model.parameters().list();
        for (int i = 0; i < d.parts.size(); i++) {
            INDArray part = d.parts.get(i);
            if (parameters.get(i).role() != ParameterRole.WEIGHT) {
                part.assign(0);
                continue;
            }
            INDArray w = parameters.get(i).value();
            filters(part)
                    .muliColumnVector(
                            filters(w).norm2(1).divi(filters(part).norm2(1)).reshape(-1, 1));
        }
        return d;
    }

    /** One row per filter (output unit): a convolution kernel's first axis, a dense matrix's second; views. */
    private static INDArray filters(INDArray weights) {
        return weights.rank() == 2
                ? weights.transpose()
                : weights.reshape('c', weights.size(0), weights.length() / weights.size(0));
    }

    /** The point origin + a·dx + b·dy; directions cover the weights (first in the state) and may skip buffers. */
    private Point at(
            List<INDArray> origin, List<INDArray> dx, double a, List<INDArray> dy, double b, double x, double y) {
        List<INDArray> state = stateOf(model);
        for (int i = 0; i < dx.size(); i++) {
            INDArray s = state.get(i).assign(origin.get(i)).addi(dx.get(i).mul(a));
            if (dy != null) {
                s.addi(dy.get(i).mul(b));
            }
        }
        Evaluation all = new Evaluation(0, 0, 0);
        for (Batch batch : batches) {
            all = all.plus(model.evaluate(batch));
        }
        for (int i = 0; i < state.size(); i++) {
            state.get(i).assign(origin.get(i));
        }
        Point point = new Point(x, y, all.loss(), all.accuracy());
        listener.evaluated(++evaluated, point);
        return point;
    }

    private static List<INDArray> copy(List<INDArray> tensors) {
        return tensors.stream().map(INDArray::dup).toList();
    }
}
