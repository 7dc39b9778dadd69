package dev.samlab.models.dl4j;

import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.tensor.Vectors;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A {@link Model} over a DL4J ComputationGraph with one input and one softmax/cross-entropy output layer.
 *
 * <p>It bridges three DL4J conventions to the SPI's: DL4J's gradient is the <em>sum</em> over the batch (its
 * updater divides later), so evaluations divide it; batch-norm running statistics live in the flat parameter
 * vector, so they are hidden from {@link #parameters()}; and their updates come out of the backward pass, so
 * they are applied once a step, from the statistics of the step's first pass over every example. On CPU its batch-norm
 * layers run {@link BatchNormHelper}. Predictions and evaluations run the {@link Inference} it is given (the ResNets
 * bring one on oneDNN), or DL4J's own forward pass.
 */
public final class GraphModel implements Model {

    /** Floor under probabilities before the log, as DL4J's own cross-entropy uses. */
    private static final double LOG_FLOOR = 1e-10;

    private final ComputationGraph graph;
    private final GraphParameters parameters;
    /** Ours, one per batch-norm layer; empty where DL4J keeps its own (no inference-mode gradient then). */
    private final List<BatchNormHelper> normalization;

    private final DataType dataType;
    private final Inference inference;
    /** A faster training pass for whole batches, or null for DL4J's. */
    private final Training training;
    /** Set while a training evaluation runs, so the forward-pass listener can count correct predictions. */
    private Batch currentBatch;

    /** The correct predictions the listener counted in the last pass through DL4J's training path. */
    private Evaluation lastCounted;

    /** A model whose inference runs DL4J's own forward pass. */
    public GraphModel(ComputationGraph graph) {
        this(graph, features -> graph.outputSingle(false, features));
    }

    /** A model whose inference (predictions and evaluations) runs {@code inference}, which it closes. */
    public GraphModel(ComputationGraph graph, Inference inference) {
        this(graph, inference, null);
    }

    /**
     * A model whose inference runs {@code inference} and whose passes with gradients ({@link #objective},
     * {@link #inferenceObjective}) and per-example losses run {@code training}, except the passes over part of a batch
     * whose running statistics are still to be pooled (m-sharpness's first passes keep DL4J's path); it closes both.
     */
    public GraphModel(ComputationGraph graph, Inference inference, Training training) {
        this.graph = graph;
        this.inference = inference;
        this.training = training;
        this.normalization = BatchNormHelper.installInto(graph);
        this.parameters = new GraphParameters(graph);
        this.dataType = graph.params().dataType();
        graph.setListeners(new BaseTrainingListener() {
            // DL4J's training pass never materialises the output layer's probabilities; this re-runs that one
            // small layer on its stored input, before the graph clears it, to count correct predictions
            @Override
            public void onBackwardPass(org.deeplearning4j.nn.api.Model model) {
                INDArray probabilities = graph.getOutputLayer(0).activate(false, LayerWorkspaceMgr.noWorkspaces());
                lastCounted = Evaluation.of(0, probabilities, currentBatch);
            }
        });
    }

    @Override
    public Parameters parameters() {
        return parameters.trainable();
    }

    /** Batch norm's running means and (log10) standard deviations. */
    @Override
    public List<INDArray> buffers() {
        return parameters.runningStatisticValues();
    }

    @Override
    public Objective objective(Batch batch) {
        normalization.forEach(BatchNormHelper::clearPool);
        return new StepObjective(batch, new StepStatistics(batch.size(), false), null, false);
    }

    /** Needs {@link BatchNormHelper} in every batch-norm layer: the CPU backend with DL4J's helpers on. */
    @Override
    public Objective inferenceObjective(Batch batch) {
        if (normalization.isEmpty() && !buffers().isEmpty()) { // batch norm, but not ours
            throw new UnsupportedOperationException("batch norm in inference mode needs SamLab's BatchNormHelper,"
                    + " which runs on the CPU backend with DL4J's helpers on");
        }
        return new StepObjective(batch, new StepStatistics(batch.size(), true), null, true);
    }

    @Override
    public Evaluation evaluate(Batch batch) {
        INDArray probabilities = predict(batch.features());
        INDArray targets = batch.targets().castTo(dataType);
        double lossSum = crossEntropies(probabilities, targets).sumNumber().doubleValue();
        return Evaluation.of(lossSum / batch.size(), probabilities, batch);
    }

    /** Each example's cross-entropy −Σ y·log p (the probabilities are left as they are). */
    private static INDArray crossEntropies(INDArray probabilities, INDArray targets) {
        return Transforms.log(Transforms.max(probabilities, LOG_FLOOR), false)
                .muli(targets)
                .sum(1)
                .negi();
    }

    @Override
    public INDArray predict(INDArray features) {
        return inference.probabilities(features.castTo(dataType));
    }

    @Override
    public void save(OutputStream out) throws IOException {
        Nd4j.write(graph.params(), new DataOutputStream(out));
    }

    @Override
    public void load(InputStream in) throws IOException {
        INDArray saved;
        try {
            saved = Nd4j.read(new DataInputStream(in));
        } catch (RuntimeException e) { // ND4J wraps a stream cut short in unchecked exceptions
            throw new IOException("saved model state is unreadable (cut short, or not a model's state): " + e, e);
        }
        INDArray params = graph.params();
        if (saved.length() != params.length()) {
            throw new IOException("saved model state has " + saved.length() + " values, this model has "
                    + params.length() + ": it was saved from a different architecture");
        }
        params.assign(saved.reshape(params.shape()));
    }

    @Override
    public void close() {
        inference.close();
        if (training != null) {
            training.close();
        }
        graph.close();
    }

    /** The DL4J network, for inspection (which helpers its layers use, say). */
    public ComputationGraph graph() {
        return graph;
    }

    /** Total number of values DL4J stores, running statistics included. */
    public long storedValues() {
        return graph.params().length();
    }

    /** @param batch its features and targets in the model's data type */
    private Evaluation evaluateWithGradient(Batch batch, StepStatistics statistics, int[] rows, boolean inference) {
        if (training != null && (statistics.coversAll(rows) || statistics.settled())) {
            return evaluateOnTrainingPath(batch, statistics, inference);
        }
        graph.setInputs(batch.features());
        graph.setLabels(batch.targets());
        currentBatch = batch;
        boolean pooled = statistics.pools(rows);
        normalization.forEach(helper -> {
            helper.inferenceMode(inference);
            helper.pool(pooled);
        });
        try {
            graph.computeGradientAndScore();
        } finally {
            normalization.forEach(helper -> {
                helper.inferenceMode(false);
                helper.pool(false);
            });
        }
        if (pooled) {
            statistics.pooled(rows);
        }
        int examples = batch.size();
        for (var p : parameters.trainable()) {
            Vectors.scale(p.gradient(), 1.0 / examples);
        }
        double loss = graph.score();
        return new Evaluation(loss, lastCounted.correct(), examples, lastCounted.cleanCorrect());
    }

    /** Softmax with cross-entropy: the gradient of the mean loss with respect to the logits is (p − y)/n. */
    private Evaluation evaluateOnTrainingPath(Batch batch, StepStatistics statistics, boolean inference) {
        boolean firstPass = statistics.firstPass(); // never in inference mode
        INDArray probabilities = training.forward(
                batch.features(),
                inference
                        ? Training.Mode.INFERENCE
                        : firstPass ? Training.Mode.TRAINING_UPDATING_STATISTICS : Training.Mode.TRAINING);
        if (firstPass) {
            statistics.updatedByTrainingPath();
        }
        double loss =
                crossEntropies(probabilities, batch.targets()).meanNumber().doubleValue();
        Evaluation evaluation = Evaluation.of(loss, probabilities, batch);
        training.backward(probabilities.subi(batch.targets()).divi(batch.size()));
        return evaluation;
    }

    /**
     * Which examples of a step's batch have been through a pass that updates the running statistics. Each example
     * joins the pool once, in the first evaluation that covers it (later ones, at perturbed weights, do not); when
     * all have, the statistics are updated once, from the pooled statistics of every sub-batch of the first pass
     * (with m-sharpness or micro-batches; exact for the first batch-norm layer, while deeper ones see inputs that
     * each sub-batch normalized with its own statistics). Where DL4J keeps its own batch norm (double precision,
     * dense layers) the pool cannot be read: the first evaluation's statistics are applied, as DL4J would.
     */
    private final class StepStatistics {
        private final BitSet pooled = new BitSet();
        private final int batchSize;
        private boolean applied;

        StepStatistics(int batchSize, boolean inference) {
            this.batchSize = batchSize;
            this.applied = inference; // inference never updates them
        }

        boolean coversAll(int[] rows) {
            return rows.length == batchSize;
        }

        /** Whether this step's statistics are updated (or never will be): later passes only read them. */
        boolean settled() {
            return applied;
        }

        /** Whether no evaluation of this step has run yet (so this one updates the statistics). */
        boolean firstPass() {
            return !applied && pooled.isEmpty();
        }

        /** The training path has updated the statistics itself. */
        void updatedByTrainingPath() {
            pooled.set(0, batchSize);
            applied = true;
        }

        boolean pools(int[] rows) {
            return !applied && Arrays.stream(rows).noneMatch(pooled::get);
        }

        void pooled(int[] rows) {
            Arrays.stream(rows).forEach(pooled::set);
            if (normalization.isEmpty() || pooled.cardinality() == batchSize) {
                parameters.applyRunningStatisticUpdates();
                applied = true;
            }
        }
    }

    /** A batch's loss, in training or inference mode, over {@code rows} of the step's batch. */
    private final class StepObjective implements Objective {
        /** Features and targets in the model's data type. */
        private final Batch batch;

        private final StepStatistics statistics;
        private final int[] rows;
        private final boolean inference;

        /** @param rows where these examples stand in the step's batch; null for the whole batch */
        StepObjective(Batch batch, StepStatistics statistics, int[] rows, boolean inference) {
            this.batch =
                    new Batch(batch.features().castTo(dataType), batch.targets().castTo(dataType), batch.cleanLabels());
            this.statistics = statistics;
            this.rows = rows != null ? rows : IntStream.range(0, batch.size()).toArray();
            this.inference = inference;
        }

        @Override
        public Evaluation evaluate() {
            return evaluateWithGradient(batch, statistics, rows, inference);
        }

        @Override
        public int batchSize() {
            return batch.size();
        }

        @Override
        public Objective subBatch(int from, int to) {
            if (from < 0 || to > batchSize() || from >= to) {
                throw new IllegalArgumentException("sub-batch [" + from + ", " + to + ") of a batch of " + batchSize());
            }
            return new StepObjective(
                    part(NDArrayIndex.interval(from, to)), statistics, Arrays.copyOfRange(rows, from, to), inference);
        }

        @Override
        public Objective subset(int[] indices) {
            if (indices.length == 0 || Arrays.stream(indices).anyMatch(i -> i < 0 || i >= batchSize())) {
                throw new IllegalArgumentException(
                        "examples " + Arrays.toString(indices) + " of a batch of " + batchSize());
            }
            long[] picked = Arrays.stream(indices).asLongStream().toArray();
            return new StepObjective(
                    part(NDArrayIndex.indices(picked)),
                    statistics,
                    Arrays.stream(indices).map(i -> rows[i]).toArray(),
                    inference);
        }

        /** The examples {@code rows} picks, with their targets and clean labels. */
        private Batch part(INDArrayIndex rows) {
            INDArray clean = batch.cleanLabels();
            return new Batch(
                    batch.features().get(rows), batch.targets().get(rows), clean == null ? null : clean.get(rows));
        }

        /** A forward pass in this objective's mode that leaves the running statistics alone. */
        @Override
        public double[] exampleLosses() {
            INDArray features = batch.features();
            INDArray probabilities = training != null
                    ? training.forward(features, inference ? Training.Mode.INFERENCE : Training.Mode.TRAINING)
                    : graph.outputSingle(!inference, features); // DL4J moves the statistics only in a backward pass
            return crossEntropies(probabilities, batch.targets()).toDoubleVector();
        }
    }
}
