package dev.samlab.api.tensor;

import org.nd4j.linalg.api.blas.Level1;
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
 */
public final class Vectors {

    private Vectors() {}

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
