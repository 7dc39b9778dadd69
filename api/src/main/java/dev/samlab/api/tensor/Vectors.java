package dev.samlab.api.tensor;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.blas.Level1;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Level-1 arithmetic on tensors taken as vectors, through BLAS: one native call each. An ND4J operation spends
 * 10-30 µs building its op context and shape buffers before it touches a number, and an optimizer runs a handful per
 * parameter per step (ResNet-20 has 59 tensors), so that dispatch, not the arithmetic, was most of a SAM step's own
 * time; a BLAS call costs about 1 µs.
 *
 * <p>Two tensors pair up element by element in memory order, so BLAS takes them only when that order is their
 * logical order for both: float or double, one length, a uniform stride, and one ordering (or vectors). Anything else
 * takes ND4J's general operations, with the same result.
 *
 * <p>Element-wise arithmetic that BLAS lacks (square roots, quotients, magnitudes) may run as a loop in Java over
 * {@link #floats} where {@link #loopable} allows: ND4J's element-wise operations hand their work to libnd4j's thread
 * pool, whose threads wait for cores that oneDNN's threads still spin on just after a pass, while a loop over a
 * ResNet's 0.27 M parameters takes well under a millisecond on the calling thread.
 */
public final class Vectors {

    private static final boolean ON_CPU = Nd4j.getEnvironment().isCPU();

    private Vectors() {}

    /**
     * Whether a loop in Java may read and write these tensors through {@link #floats}: float32 tensors on the CPU
     * backend, each dense (its elements contiguous in its own ordering) and all in one ordering or vectors, so that
     * their memory orders pair up element by element.
     */
    public static boolean loopable(INDArray first, INDArray... others) {
        if (!ON_CPU || !dense(first)) {
            return false;
        }
        for (INDArray x : others) {
            if (!dense(x)
                    || x.length() != first.length()
                    || !(x.ordering() == first.ordering() || (x.isVector() && first.isVector()))) {
                return false;
            }
        }
        return true;
    }

    /** The memory of a {@link #loopable} tensor, element 0 at index 0, in its memory order; writes go to the tensor. */
    public static FloatBuffer floats(INDArray x) {
        if (!loopable(x)) {
            throw new IllegalArgumentException("not a dense float32 tensor on the CPU: " + x.shapeInfoToString());
        }
        FloatBuffer all = x.data().asNioFloat();
        return all.position((int) x.offset()).slice().limit((int) x.length());
    }

    private static boolean dense(INDArray x) {
        return x.dataType() == DataType.FLOAT
                && x.length() > 0
                && x.length() <= Integer.MAX_VALUE
                && x.elementWiseStride() == 1
                && storage(x).length() >= x.offset() + x.length();
    }

    /**
     * The buffer that holds a tensor's memory: for a view, its parent's. A tensor's {@link INDArray#offset() offset}
     * counts from this buffer's start, and two tensors share memory exactly when they share this buffer.
     */
    public static DataBuffer storage(INDArray x) {
        DataBuffer original = x.data().originalDataBuffer();
        return original != null ? original : x.data();
    }

    /** target ← target + alpha · x. */
    public static void addScaled(INDArray target, double alpha, INDArray x) {
        if (pairs(target, x)) {
            blas().axpy(target.length(), alpha, x, target);
        } else {
            target.addi(x.mul(alpha));
        }
    }

    /** target ← alpha · target. */
    public static void scale(INDArray target, double alpha) {
        if (strided(target)) {
            blas().scal(target.length(), alpha, target);
        } else {
            target.muli(alpha);
        }
    }

    /** target ← source. */
    public static void copy(INDArray source, INDArray target) {
        if (pairs(target, source)) {
            blas().copy(source, target);
        } else {
            target.assign(source);
        }
    }

    /** ⟨a, b⟩. */
    public static double dot(INDArray a, INDArray b) {
        return pairs(a, b)
                ? blas().dot(a.length(), 1, a, b)
                : a.mul(b).sumNumber().doubleValue();
    }

    /** The Euclidean norm ‖x‖. */
    public static double norm(INDArray x) {
        return strided(x) ? blas().nrm2(x) : x.norm2Number().doubleValue();
    }

    /**
     * Whether every element is finite (neither NaN nor infinite), read from the sum of magnitudes: a tensor whose
     * magnitudes add up beyond its type's range counts as not finite too.
     */
    public static boolean isFinite(INDArray x) {
        double sumOfMagnitudes = strided(x)
                ? blas().asum(x)
                : Transforms.abs(x, true).sumNumber().doubleValue();
        return Double.isFinite(sumOfMagnitudes);
    }

    private static boolean pairs(INDArray a, INDArray b) {
        return strided(a)
                && strided(b)
                && a.dataType() == b.dataType()
                && a.length() == b.length()
                && (a.ordering() == b.ordering() || (a.isVector() && b.isVector()));
    }

    private static boolean strided(INDArray x) {
        DataType type = x.dataType();
        return (type == DataType.FLOAT || type == DataType.DOUBLE) && x.length() > 0 && x.elementWiseStride() > 0;
    }

    private static Level1 blas() {
        return Nd4j.getBlasWrapper().level1();
    }
}
