package dev.samlab.testkit;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.model.Parameters;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax regression on the flattened image, written out by hand: logits = (xW − c)·γ + β with batch norm, where c is
 * the batch's mean in training mode and the running mean in inference mode, or xW + b without. Each {@link Flaw}
 * breaks it one way, for showing the contract's checks fail.
 */
final class TinyClassifier implements Model {

    enum Flaw {
        /** One entry of W's gradient is 1.5 times what it should be. */
        WRONG_GRADIENT,
        /** Evaluations add to the gradients instead of overwriting them. */
        GRADIENT_ACCUMULATES,
        /** Float parameters. */
        FLOAT,
        /** Training mode centres with the running mean, as inference does. */
        TRAINING_USES_RUNNING_MEAN,
        /** Every training evaluation moves the running mean, not only a step's first. */
        EVERY_PASS_MOVES_BUFFERS,
        /** {@code evaluate} moves the running mean. */
        EVALUATE_MOVES_BUFFERS,
        /** The running mean is used but not listed in {@code buffers()}. */
        HIDDEN_BUFFER,
        /** The inference objective centres with the batch's mean. */
        INFERENCE_OBJECTIVE_USES_BATCH_MEAN,
        /** No inference objective. */
        NO_INFERENCE_OBJECTIVE,
        /** Example losses 10% too high. */
        EXAMPLE_LOSSES_OFF,
        /** Example losses in reverse batch order. */
        EXAMPLE_LOSSES_REVERSED,
        /** {@code subset(indices)} is the first {@code indices.length} examples. */
        SUBSET_IGNORES_INDICES,
        /** {@code subBatch(from, to)} starts at 0. */
        SUB_BATCH_IGNORES_FROM,
        /** {@code save} leaves out the last parameter (b or β), and {@code load} does not read it. */
        SAVE_FORGETS_A_PARAMETER,
        /** {@code load} reads any state with enough numbers in it. */
        LOAD_ACCEPTS_ANY_ARCHITECTURE,
        /** {@code load} lets a cut-short state end in an unchecked exception (as ND4J's {@code Nd4j.read} does). */
        LOAD_THROWS_UNCHECKED,
        /** {@code load} puts the values into new arrays, leaving the views handed out before behind. */
        LOAD_REPLACES_VIEWS,
        /** Correct predictions are counted against the targets only, never against a batch's clean labels. */
        IGNORES_CLEAN_LABELS,
        /** {@code parameters()} hands out copies. */
        PARAMETERS_COPIED,
        /** Every parameter is tagged {@link ParameterRole#WEIGHT}. */
        EVERYTHING_A_WEIGHT
    }

    private static final int MAGIC = 0x7143;

    private final int inputs;
    private final int classes;
    private final boolean norm;
    private final EnumSet<Flaw> flaws;
    private final DataType type;
    private INDArray w;
    private INDArray shiftOrBias;
    private INDArray scale;
    private INDArray running;
    private final List<INDArray> gradients = new ArrayList<>();
    private Parameters parameters;

    TinyClassifier(ImageShape input, int classes, boolean norm, long seed, Flaw... flaws) {
        this.inputs = input.size();
        this.classes = classes;
        this.norm = norm;
        this.flaws = flaws.length == 0 ? EnumSet.noneOf(Flaw.class) : EnumSet.copyOf(Arrays.asList(flaws));
        this.type = has(Flaw.FLOAT) ? DataType.FLOAT : DataType.DOUBLE;
        Random random = new Random(seed);
        w = gaussian(random, 0.3, inputs, classes);
        shiftOrBias = gaussian(random, 0.1, classes);
        scale = norm ? gaussian(random, 0.1, classes).addi(1) : null;
        running = norm ? Nd4j.zeros(type, classes) : null;
        for (INDArray value : values()) {
            gradients.add(value.ulike().assign(0));
        }
        parameters = build();
    }

    private boolean has(Flaw flaw) {
        return flaws.contains(flaw);
    }

    private INDArray gaussian(Random random, double std, long... shape) {
        INDArray a = Nd4j.create(type, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, std * random.nextGaussian());
        }
        return a;
    }

    /** W, then γ and β with batch norm or b without. */
    private List<INDArray> values() {
        return norm ? List.of(w, scale, shiftOrBias) : List.of(w, shiftOrBias);
    }

    private Parameters build() {
        List<INDArray> values = values();
        List<String> names = norm ? List.of("W", "gamma", "beta") : List.of("W", "b");
        List<ParameterRole> roles = norm
                ? List.of(ParameterRole.WEIGHT, ParameterRole.NORM_SCALE, ParameterRole.NORM_SHIFT)
                : List.of(ParameterRole.WEIGHT, ParameterRole.BIAS);
        List<Parameter> list = new ArrayList<>();
        for (int k = 0; k < values.size(); k++) {
            list.add(new Parameter(
                    names.get(k),
                    has(Flaw.EVERYTHING_A_WEIGHT) ? ParameterRole.WEIGHT : roles.get(k),
                    has(Flaw.PARAMETERS_COPIED) ? values.get(k).dup() : values.get(k),
                    gradients.get(k)));
        }
        return new Parameters(list);
    }

    @Override
    public Parameters parameters() {
        return has(Flaw.PARAMETERS_COPIED) ? build() : parameters;
    }

    @Override
    public List<INDArray> buffers() {
        return norm && !has(Flaw.HIDDEN_BUFFER) ? List.of(running) : List.of();
    }

    /** One forward pass over {@code rows} of a batch: the centre used, the centred scores and the probabilities. */
    private record Pass(
            double[][] x, double[] centre, double[][] u, double[][] p, double[] losses, int correct, int[] predicted) {}

    private Pass forward(double[][] features, double[][] targets, int[] rows, boolean training) {
        int n = rows.length;
        double[][] x = new double[n][];
        double[][] z = new double[n][classes];
        for (int i = 0; i < n; i++) {
            x[i] = features[rows[i]];
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < inputs; j++) {
                    z[i][c] += x[i][j] * w.getDouble(j, c);
                }
            }
        }
        double[] centre = new double[classes];
        if (norm) {
            for (int c = 0; c < classes; c++) {
                if (training && !has(Flaw.TRAINING_USES_RUNNING_MEAN)) {
                    for (int i = 0; i < n; i++) {
                        centre[c] += z[i][c] / n;
                    }
                } else {
                    centre[c] = running.getDouble(c);
                }
            }
        }
        double[][] u = new double[n][classes];
        double[][] p = new double[n][classes];
        double[] losses = new double[n];
        int correct = 0;
        int[] predictions = new int[n];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            double[] logits = new double[classes];
            for (int c = 0; c < classes; c++) {
                u[i][c] = z[i][c] - centre[c];
                logits[c] = (norm ? u[i][c] * scale.getDouble(c) : u[i][c]) + shiftOrBias.getDouble(c);
                max = Math.max(max, logits[c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                p[i][c] = Math.exp(logits[c] - max);
                sum += p[i][c];
            }
            int predicted = 0;
            int target = 0;
            double[] y = targets[rows[i]];
            for (int c = 0; c < classes; c++) {
                p[i][c] /= sum;
                losses[i] -= y[c] * Math.log(p[i][c]);
                predicted = p[i][c] > p[i][predicted] ? c : predicted;
                target = y[c] > y[target] ? c : target;
            }
            correct += predicted == target ? 1 : 0;
            predictions[i] = predicted;
        }
        return new Pass(x, centre, u, p, losses, correct, predictions);
    }

    /** Writes the gradient of the pass's mean loss. */
    private void backward(Pass pass, double[][] targets, int[] rows, boolean training) {
        int n = rows.length;
        double[][] dz = new double[n][classes];
        double[] dShift = new double[classes];
        double[] dScale = new double[classes];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < classes; c++) {
                double dLogit = (pass.p[i][c] - targets[rows[i]][c]) / n;
                dShift[c] += dLogit;
                dScale[c] += dLogit * pass.u[i][c];
                dz[i][c] = norm ? dLogit * scale.getDouble(c) : dLogit;
            }
        }
        if (norm && training && !has(Flaw.TRAINING_USES_RUNNING_MEAN)) {
            for (int c = 0; c < classes; c++) {
                double mean = 0;
                for (int i = 0; i < n; i++) {
                    mean += dz[i][c] / n;
                }
                for (int i = 0; i < n; i++) {
                    dz[i][c] -= mean;
                }
            }
        }
        INDArray dw = Nd4j.zeros(type, inputs, classes);
        for (int j = 0; j < inputs; j++) {
            for (int c = 0; c < classes; c++) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += pass.x[i][j] * dz[i][c];
                }
                dw.putScalar(j, c, sum);
            }
        }
        if (has(Flaw.WRONG_GRADIENT)) {
            dw.putScalar(inputs - 1, classes - 1, 1.5 * dw.getDouble(inputs - 1, classes - 1));
        }
        List<INDArray> computed = new ArrayList<>(List.of(dw));
        if (norm) {
            computed.add(Nd4j.createFromArray(dScale).castTo(type));
        }
        computed.add(Nd4j.createFromArray(dShift).castTo(type));
        for (int k = 0; k < computed.size(); k++) {
            if (has(Flaw.GRADIENT_ACCUMULATES)) {
                gradients.get(k).addi(computed.get(k));
            } else {
                gradients.get(k).assign(computed.get(k));
            }
        }
    }

    private void moveRunningMean(double[] centre) {
        for (int c = 0; c < classes; c++) {
            running.putScalar(c, 0.9 * running.getDouble(c) + 0.1 * centre[c]);
        }
    }

    @Override
    public Objective objective(Batch batch) {
        return new Step(batch, IntStream.range(0, batch.size()).toArray(), true, new boolean[1]);
    }

    @Override
    public Objective inferenceObjective(Batch batch) {
        if (has(Flaw.NO_INFERENCE_OBJECTIVE)) {
            return Model.super.inferenceObjective(batch);
        }
        return new Step(batch, IntStream.range(0, batch.size()).toArray(), false, new boolean[1]);
    }

    private final class Step implements Objective {
        private final Batch batch;
        private final double[][] features;
        private final double[][] targets;
        /** The batch's clean labels, or null. */
        private final double[] clean;

        private final int[] rows;
        private final boolean training;
        /** Whether the step's running-mean update has happened, shared with its sub-batches and subsets. */
        private final boolean[] moved;

        Step(Batch batch, int[] rows, boolean training, boolean[] moved) {
            this.batch = batch;
            this.features = batch.features()
                    .reshape(batch.size(), inputs)
                    .castTo(DataType.DOUBLE)
                    .toDoubleMatrix();
            this.targets = batch.targets().castTo(DataType.DOUBLE).toDoubleMatrix();
            this.clean = batch.cleanLabels() == null
                    ? null
                    : batch.cleanLabels().castTo(DataType.DOUBLE).toDoubleVector();
            this.rows = rows;
            this.training = training;
            this.moved = moved;
        }

        @Override
        public Evaluation evaluate() {
            boolean asTraining = training || has(Flaw.INFERENCE_OBJECTIVE_USES_BATCH_MEAN);
            Pass pass = forward(features, targets, rows, asTraining);
            backward(pass, targets, rows, asTraining);
            if (norm && training && (!moved[0] || has(Flaw.EVERY_PASS_MOVES_BUFFERS))) {
                moveRunningMean(pass.centre);
                moved[0] = true;
            }
            return evaluation(pass);
        }

        Evaluation evaluation(Pass pass) {
            int cleanCorrect = pass.correct;
            if (clean != null && !has(Flaw.IGNORES_CLEAN_LABELS)) {
                cleanCorrect = (int) IntStream.range(0, rows.length)
                        .filter(i -> pass.predicted[i] == (int) clean[rows[i]])
                        .count();
            }
            return new Evaluation(
                    Arrays.stream(pass.losses).average().orElseThrow(), pass.correct, rows.length, cleanCorrect);
        }

        @Override
        public int batchSize() {
            return rows.length;
        }

        @Override
        public Objective subBatch(int from, int to) {
            int start = has(Flaw.SUB_BATCH_IGNORES_FROM) ? 0 : from;
            return new Step(batch, Arrays.copyOfRange(rows, start, start + to - from), training, moved);
        }

        @Override
        public Objective subset(int[] indices) {
            int[] picked = has(Flaw.SUBSET_IGNORES_INDICES)
                    ? Arrays.copyOf(rows, indices.length)
                    : Arrays.stream(indices).map(i -> rows[i]).toArray();
            return new Step(batch, picked, training, moved);
        }

        @Override
        public double[] exampleLosses() {
            double[] losses = forward(features, targets, rows, training).losses;
            if (has(Flaw.EXAMPLE_LOSSES_OFF)) {
                return Arrays.stream(losses).map(l -> 1.1 * l).toArray();
            }
            if (has(Flaw.EXAMPLE_LOSSES_REVERSED)) {
                return IntStream.range(0, losses.length)
                        .mapToDouble(i -> losses[losses.length - 1 - i])
                        .toArray();
            }
            return losses;
        }
    }

    @Override
    public Evaluation evaluate(Batch batch) {
        Step all = (Step) inferenceObjectiveOf(batch);
        Pass pass = forward(all.features, all.targets, all.rows, false);
        if (norm && has(Flaw.EVALUATE_MOVES_BUFFERS)) {
            moveRunningMean(forward(all.features, all.targets, all.rows, true).centre);
        }
        return all.evaluation(pass);
    }

    private Objective inferenceObjectiveOf(Batch batch) {
        return new Step(batch, IntStream.range(0, batch.size()).toArray(), false, new boolean[1]);
    }

    @Override
    public INDArray predict(INDArray features) {
        int n = (int) features.size(0);
        Batch batch = new Batch(features, Nd4j.zeros(DataType.DOUBLE, n, classes));
        Step all = (Step) inferenceObjectiveOf(batch);
        return Nd4j.createFromArray(forward(all.features, all.targets, all.rows, false).p);
    }

    private List<INDArray> saved() {
        List<INDArray> saved = new ArrayList<>(values());
        if (has(Flaw.SAVE_FORGETS_A_PARAMETER)) {
            saved.remove(saved.size() - 1);
        }
        if (norm) {
            saved.add(running);
        }
        return saved;
    }

    @Override
    public void save(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(inputs);
        data.writeInt(classes);
        data.writeBoolean(norm);
        for (INDArray a : saved()) {
            for (long i = 0; i < a.length(); i++) {
                data.writeDouble(a.getDouble(i));
            }
        }
        data.flush();
    }

    @Override
    public void load(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int magic = data.readInt();
        int savedInputs = data.readInt();
        int savedClasses = data.readInt();
        boolean savedNorm = data.readBoolean();
        if (!has(Flaw.LOAD_ACCEPTS_ANY_ARCHITECTURE)
                && (magic != MAGIC || savedInputs != inputs || savedClasses != classes || savedNorm != norm)) {
            throw new IOException("saved from a different architecture");
        }
        List<INDArray> targets = saved();
        if (has(Flaw.LOAD_REPLACES_VIEWS)) {
            w = w.dup();
            shiftOrBias = shiftOrBias.dup();
            scale = scale == null ? null : scale.dup();
            parameters = build();
            targets = saved();
        }
        try {
            for (INDArray a : targets) {
                for (long i = 0; i < a.length(); i++) {
                    a.putScalar(i, data.readDouble());
                }
            }
        } catch (EOFException e) {
            if (has(Flaw.LOAD_THROWS_UNCHECKED)) {
                throw new RuntimeException(e);
            }
            throw e;
        }
    }
}
