package dev.samlab.models.onednn;

import static dev.samlab.models.onednn.Dnnl.check;
import static dev.samlab.models.onednn.Step.argument;
import static org.bytedeco.dnnl.global.dnnl.*;

import dev.samlab.models.dl4j.LayerGradients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J batch-norm layer on oneDNN for passes with gradients, optionally with the ReLU after it fused in (oneDNN
 * then keeps one bit per value for the backward pass instead of an output). In training mode it normalizes with the
 * batch's statistics and moves the running statistics the way DL4J does; in inference mode it normalizes with the
 * running ones. It writes the gradients of γ and β into their gradient views.
 */
final class TrainingNorm implements AutoCloseable {

    private final String name;
    private final Layer layer;
    private final double decay;
    private final RunningStatistics running;
    private final dnnl_primitive_desc forwardDescriptor;
    private final dnnl_primitive_desc backwardDescriptor;
    private final List<dnnl_memory> owned = new ArrayList<>();
    private final dnnl_memory mean;
    private final dnnl_memory variance;
    /** What the mean and variance memories hold: the batch's statistics in training, the running ones in inference. */
    private final float[] meanValues;

    private final float[] varianceValues;
    private final float[] runningMean;
    private final double[] runningVariance;
    private Step forward;
    private Step backward;
    /** The gradient views its backward pass writes: kept, since oneDNN holds their addresses. */
    private Map<String, INDArray> gradients;

    /**
     * @param data the layout of its input, which its output and both gradients share
     * @param runningStatistics whether it normalizes with the running statistics (inference mode) instead of the
     *     batch's
     */
    TrainingNorm(Layer layer, dnnl_memory_desc_t data, boolean relu, boolean runningStatistics) {
        this(layer, data, relu, runningStatistics, true);
    }

    /** A batch norm for inference alone: the running statistics, no backward pass. */
    static TrainingNorm forInference(Layer layer, dnnl_memory_desc_t data, boolean relu) {
        return new TrainingNorm(layer, data, relu, true, false);
    }

    private TrainingNorm(
            Layer layer, dnnl_memory_desc_t data, boolean relu, boolean runningStatistics, boolean withBackward) {
        this.name = layer.conf().getLayer().getLayerName();
        this.layer = layer;
        BatchNormalization config = (BatchNormalization) layer.conf().getLayer();
        this.decay = config.getDecay();
        this.running = new RunningStatistics(layer);
        float epsilon = (float) config.getEps();
        int flags = dnnl_use_scale
                | dnnl_use_shift
                | (relu ? dnnl_fuse_norm_relu : 0)
                | (runningStatistics ? dnnl_use_global_stats : 0);

        dnnl_batch_normalization_desc_t forwardOp = new dnnl_batch_normalization_desc_t();
        check(
                dnnl_batch_normalization_forward_desc_init(
                        forwardOp, withBackward ? dnnl_forward_training : dnnl_forward_inference, data, epsilon, flags),
                "describing " + name);
        forwardDescriptor = Dnnl.primitiveDesc(forwardOp, null, "choosing a batch norm for " + name);
        backwardDescriptor = withBackward ? backward(data, epsilon, flags) : null;

        int channels = Math.toIntExact(layer.getParam("gamma").length());
        dnnl_memory_desc_t perChannel = Dnnl.desc(dnnl_x, channels);
        mean = own(Dnnl.allocate(perChannel));
        variance = own(Dnnl.allocate(perChannel));
        meanValues = new float[channels];
        varianceValues = new float[channels];
        runningMean = new float[channels];
        runningVariance = new double[channels];
    }

    private dnnl_primitive_desc backward(dnnl_memory_desc_t data, float epsilon, int flags) {
        dnnl_batch_normalization_desc_t op = new dnnl_batch_normalization_desc_t();
        check(
                dnnl_batch_normalization_backward_desc_init(op, dnnl_backward, data, data, epsilon, flags),
                "describing the gradient of " + name);
        return Dnnl.primitiveDesc(op, null, forwardDescriptor, "choosing the gradient of " + name);
    }

    /** For inference: fixes what the forward pass reads and writes. */
    void bind(dnnl_memory input, dnnl_memory output) {
        bind(input, output, null, null);
    }

    /**
     * Fixes the tensors it reads and writes; once, before the first pass. The backward pass may write the input's
     * gradient over the output's.
     */
    void bind(dnnl_memory input, dnnl_memory output, dnnl_memory inputGradient, dnnl_memory outputGradient) {
        dnnl_memory_desc_t perChannel = Dnnl.desc(dnnl_x, meanValues.length);
        dnnl_memory gamma = own(Dnnl.over(perChannel, layer.getParam("gamma")));
        dnnl_memory beta = own(Dnnl.over(perChannel, layer.getParam("beta")));
        dnnl_memory_desc_t workspaceLayout = Dnnl.chosen(forwardDescriptor, dnnl_query_workspace_md);
        dnnl_memory workspace =
                dnnl_memory_desc_get_size(workspaceLayout) == 0 ? null : own(Dnnl.allocate(workspaceLayout));
        List<Step.Argument> forwardArguments = new ArrayList<>(List.of(
                argument(DNNL_ARG_SRC, input),
                argument(DNNL_ARG_SCALE, gamma),
                argument(DNNL_ARG_SHIFT, beta),
                argument(DNNL_ARG_MEAN, mean),
                argument(DNNL_ARG_VARIANCE, variance),
                argument(DNNL_ARG_DST, output)));
        if (workspace != null) {
            forwardArguments.add(argument(DNNL_ARG_WORKSPACE, workspace));
        }
        forward = new Step(name, forwardDescriptor, forwardArguments.toArray(Step.Argument[]::new));
        if (backwardDescriptor == null) {
            return;
        }
        gradients = LayerGradients.of(layer);
        dnnl_memory gammaGradient = own(Dnnl.over(perChannel, gradients.get("gamma")));
        dnnl_memory betaGradient = own(Dnnl.over(perChannel, gradients.get("beta")));
        List<Step.Argument> backwardArguments = new ArrayList<>(List.of(
                argument(DNNL_ARG_SRC, input),
                argument(DNNL_ARG_MEAN, mean),
                argument(DNNL_ARG_VARIANCE, variance),
                argument(DNNL_ARG_SCALE, gamma),
                argument(DNNL_ARG_SHIFT, beta), // unused, but oneDNN 2.5 requires it with dnnl_use_shift
                argument(DNNL_ARG_DIFF_DST, outputGradient),
                argument(DNNL_ARG_DIFF_SRC, inputGradient),
                argument(DNNL_ARG_DIFF_SCALE, gammaGradient),
                argument(DNNL_ARG_DIFF_SHIFT, betaGradient)));
        if (workspace != null) {
            backwardArguments.add(argument(DNNL_ARG_WORKSPACE, workspace));
        }
        backward = new Step(
                "the gradient of " + name, backwardDescriptor, backwardArguments.toArray(Step.Argument[]::new));
    }

    void forward() {
        forward.run();
    }

    void backward() {
        backward.run();
    }

    /**
     * Moves the running statistics towards the last forward pass's batch statistics as DL4J's layer does:
     * μ ← d·μ + (1 − d)·μ_batch and v ← d·v + (1 − d)·v_batch with the biased batch variance.
     */
    void updateRunningStatistics() {
        Dnnl.valuesOf(mean, meanValues.length).get(meanValues);
        Dnnl.valuesOf(variance, varianceValues.length).get(varianceValues);
        running.read(runningMean, runningVariance);
        for (int c = 0; c < meanValues.length; c++) {
            runningMean[c] = (float) (decay * runningMean[c] + (1 - decay) * meanValues[c]);
            runningVariance[c] = decay * runningVariance[c] + (1 - decay) * varianceValues[c];
        }
        running.write(runningMean, runningVariance);
    }

    /** Puts the running statistics where a pass in inference mode reads its mean and variance. */
    void readRunningStatistics() {
        running.read(runningMean, runningVariance);
        for (int c = 0; c < varianceValues.length; c++) {
            varianceValues[c] = (float) runningVariance[c];
        }
        Dnnl.valuesOf(mean, runningMean.length).put(runningMean);
        Dnnl.valuesOf(variance, varianceValues.length).put(varianceValues);
    }

    private dnnl_memory own(dnnl_memory memory) {
        owned.add(memory);
        return memory;
    }

    @Override
    public void close() {
        forward.close();
        if (backward != null) {
            backward.close();
        }
        owned.forEach(memory -> dnnl_memory_destroy(memory));
    }
}
