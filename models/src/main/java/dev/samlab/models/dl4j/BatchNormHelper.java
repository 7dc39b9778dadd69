package dev.samlab.models.dl4j;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.floating.SquaredNorm;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch norm for DL4J's CPU path, in place of its oneDNN helper ({@link MKLDNNBatchNormHelper}), which in 1.0.0-M2.1
 * is both slow and inexact: its backward pass completes oneDNN's partial gradient with strided reductions, and the
 * result differs from the exact gradient by about 1% (measured on ResNet-20 against DL4J's own double-precision
 * implementation; this class agrees with it to float precision).
 *
 * <p>For a float NCHW batch x with per-channel mean μ and biased variance σ² over the M = N·H·W values of a channel,
 * everything runs on the contiguous (example, channel) rows of the tensors: the statistics are row sums, the
 * normalization is the per-channel affine map y = (γ/σ)·x + β − γμ/σ, and the input gradient is
 * dx = A·dy + B·x + C with A = γ/σ, B = −γ·S/(σ³M), C = −A·Σdy/M − B·μ and S = Σdy·(x − μ). Other data types and
 * layouts return null, which makes DL4J use its own implementation (so gradient checks in double are untouched).
 */
public final class BatchNormHelper implements BatchNormalizationHelper {

    private INDArray batchMean;
    private INDArray batchVariance;
    private boolean inferenceMode;
    /** Whether training forwards join the pool: the statistics of several sub-batches, combined exactly. */
    private boolean pooling;

    private double pooledCount;
    private INDArray pooledMean;
    /** Σ (x − pooled mean)² per channel (Chan, Golub and LeVeque's pairwise update). */
    private INDArray pooledSquares;

    private INDArray pooledVariance;

    /**
     * Puts a helper into every batch-norm layer of {@code graph} that would otherwise use DL4J's oneDNN one.
     *
     * @return the helpers, one per batch-norm layer, or empty when some layer kept another (not on oneDNN)
     */
    public static List<BatchNormHelper> installInto(ComputationGraph graph) {
        try {
            Field helper = BatchNormalization.class.getDeclaredField("helper"); // package-private in DL4J
            helper.setAccessible(true);
            List<BatchNormHelper> installed = new ArrayList<>();
            boolean all = true;
            for (Layer layer : graph.getLayers()) {
                if (layer instanceof BatchNormalization norm) {
                    if (helper.get(norm) instanceof MKLDNNBatchNormHelper) {
                        BatchNormHelper ours = new BatchNormHelper();
                        helper.set(norm, ours);
                        installed.add(ours);
                    } else {
                        all = false;
                    }
                }
            }
            return all ? installed : List.of();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DL4J's BatchNormalization layer changed: this needs 1.0.0-M2.1", e);
        }
    }

    /**
     * In inference mode even DL4J's training passes normalize with the running statistics, and the gradient is that
     * of this affine map, dx = (γ/σ)·dy: the gradient of the inference-mode loss. Works in float and double.
     */
    public void inferenceMode(boolean on) {
        inferenceMode = on;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of();
    }

    /** Training forwards from now on join the pool (or, with false, leave it as it is). */
    public void pool(boolean on) {
        pooling = on;
    }

    /** Empties the pool, at the start of a step. */
    public void clearPool() {
        pooledCount = 0;
    }

    /**
     * The per-channel mean of the pooled forwards (else of the last training batch), for DL4J's running-statistics
     * update.
     */
    @Override
    public INDArray getMeanCache(DataType dataType) {
        return pooledCount > 0 ? pooledMean : batchMean;
    }

    /**
     * The per-channel biased variance of the pooled forwards (else of the last training batch), for DL4J's
     * running-statistics update. Biased, as DL4J's own batch norm keeps it, so that the float and double paths
     * agree: PyTorch keeps the unbiased one, a factor n/(n − 1) apart, n = N·H·W values per channel (8,192 or more
     * in ResNet-20 at batch 128: 0.012 %).
     */
    @Override
    public INDArray getVarCache(DataType dataType) {
        return pooledCount > 0 ? pooledVariance.assign(pooledSquares).divi(pooledCount) : batchVariance;
    }

    @Override
    public INDArray preOutput(
            INDArray x,
            boolean training,
            long[] shape,
            INDArray gamma,
            INDArray beta,
            INDArray mean,
            INDArray var,
            double decay,
            double eps,
            CNN2DFormat format,
            LayerWorkspaceMgr workspaces) {
        if (!supported(x, format)) {
            return null;
        }
        x = contiguous(x);
        long channels = x.size(1);
        INDArray out = workspaces.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape());
        if (!training || inferenceMode) {
            if (training) { // the statistics the backward pass and DL4J's running-statistics update will use
                statisticsArrays(x);
                batchMean.assign(mean.reshape(channels));
                batchVariance.assign(var.reshape(channels));
            }
            INDArray scale = gamma.reshape(channels)
                    .mul(Transforms.pow(var.reshape(channels).add(eps), -0.5, false));
            return affine(x, scale, beta.reshape(channels).sub(scale.mul(mean.reshape(channels))), out);
        }
        centreAndMeasure(x, out); // out = x − μ
        INDArray scale = gamma.reshape(channels).mul(Transforms.pow(batchVariance.add(eps), -0.5, false));
        return affine(out, scale, beta.reshape(channels), out);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
            INDArray x,
            INDArray dy,
            long[] shape,
            INDArray gamma,
            INDArray beta,
            INDArray dGammaView,
            INDArray dBetaView,
            double eps,
            CNN2DFormat format,
            LayerWorkspaceMgr workspaces) {
        if (!supported(x, format)) {
            return null;
        }
        x = contiguous(x);
        dy = contiguous(dy);
        long channels = x.size(1);
        double count = (double) x.length() / channels;
        INDArray sumDy = rows(dy).sum(2).sum(0);
        INDArray centredDot = Nd4j.getExecutioner()
                .exec(new Dot(rows(dy), rows(x), 2))
                .sum(0)
                .subi(batchMean.mul(sumDy)); // S = Σ dy·(x − μ)
        INDArray inverseStd = Transforms.pow(batchVariance.add(eps), -0.5, false);
        dBetaView.assign(sumDy.reshape(dBetaView.shape()));
        dGammaView.assign(centredDot.mul(inverseStd).reshape(dGammaView.shape()));

        INDArray a = gamma.reshape(channels).mul(inverseStd);
        INDArray dx = workspaces.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape());
        if (inferenceMode) { // constant statistics: no terms through the batch mean and variance
            return withGradients(affine(dy, a, null, dx), dGammaView, dBetaView);
        }
        INDArray b = a.mul(inverseStd).muli(inverseStd).muli(centredDot).divi(-count);
        INDArray c = a.mul(sumDy).divi(-count).subi(b.mul(batchMean));
        affine(x, b, c, dx);
        INDArray fromDy = workspaces.createUninitialized(ArrayType.BP_WORKING_MEM, x.dataType(), x.shape());
        dx.addi(affine(dy, a, null, fromDy));
        return withGradients(dx, dGammaView, dBetaView);
    }

    private static Pair<Gradient, INDArray> withGradients(INDArray dx, INDArray dGammaView, INDArray dBetaView) {
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(gradient, dx);
    }

    /**
     * Batch mean and biased variance per channel, into arrays that outlive the workspaces; {@code centred} receives
     * x − μ, from which the variance is taken (two passes: no cancellation).
     */
    private void centreAndMeasure(INDArray x, INDArray centred) {
        long channels = x.size(1);
        double count = (double) x.length() / channels;
        statisticsArrays(x);
        batchMean.assign(rows(x).sum(2).sum(0).divi(count));
        affine(x, null, batchMean.neg(), centred);
        batchVariance.assign(Nd4j.getExecutioner()
                .exec(new SquaredNorm(rows(centred), 2))
                .sum(0)
                .divi(count));
        if (pooling) {
            addToPool(count);
        }
    }

    /** Merges this batch's mean and variance over {@code count} values per channel into the pool. */
    private void addToPool(double count) {
        if (pooledCount == 0) {
            pooledMean.assign(batchMean);
            pooledSquares.assign(batchVariance).muli(count);
        } else {
            double total = pooledCount + count;
            INDArray delta = batchMean.sub(pooledMean);
            pooledSquares.addi(batchVariance.mul(count)).addi(delta.mul(delta).muli(pooledCount * count / total));
            pooledMean.addi(delta.muli(count / total));
        }
        pooledCount += count;
    }

    private void statisticsArrays(INDArray x) {
        if (batchMean == null || batchMean.dataType() != x.dataType()) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                batchMean = Nd4j.create(x.dataType(), x.size(1));
                batchVariance = Nd4j.create(x.dataType(), x.size(1));
                pooledMean = batchMean.ulike();
                pooledSquares = batchMean.ulike();
                pooledVariance = batchMean.ulike();
            }
        }
    }

    /**
     * out = scale·z + shift, per channel (out may be z; a null scale or shift is left out). In place on out's
     * (example, channel) rows, with each channel's coefficient repeated per example: contiguous and allocation-free,
     * several times faster than a broadcast along the channel axis.
     */
    private static INDArray affine(INDArray z, INDArray scale, INDArray shift, INDArray out) {
        long examples = z.size(0);
        INDArray perRow = out.reshape('c', examples * z.size(1), z.length() / (examples * z.size(1)));
        if (z != out) {
            perRow.assign(z.reshape('c', perRow.shape()));
        }
        if (scale != null) {
            perRow.muliColumnVector(repeatPerExample(scale, examples));
        }
        if (shift != null) {
            perRow.addiColumnVector(repeatPerExample(shift, examples));
        }
        return out;
    }

    /** [C] to [N·C, 1]: the coefficient of row (n, c) is that of channel c. */
    private static INDArray repeatPerExample(INDArray perChannel, long examples) {
        return Nd4j.tile(perChannel.reshape(1, perChannel.length()), (int) examples, 1)
                .reshape(examples * perChannel.length(), 1);
    }

    /** [N, C, H·W]: each (example, channel) a contiguous row. */
    private static INDArray rows(INDArray nchw) {
        return nchw.reshape('c', nchw.size(0), nchw.size(1), nchw.size(2) * nchw.size(3));
    }

    private static INDArray contiguous(INDArray array) {
        return Shape.hasDefaultStridesForShape(array) ? array : array.dup('c');
    }

    /** Training mode in double is left to DL4J's own implementation: the reference gradient checks run against. */
    private boolean supported(INDArray x, CNN2DFormat format) {
        boolean type = x.dataType() == DataType.FLOAT || inferenceMode && x.dataType() == DataType.DOUBLE;
        return type && x.rank() == 4 && format == CNN2DFormat.NCHW;
    }
}
