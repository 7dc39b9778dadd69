package dev.samlab.api.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Each operation against ND4J's general arithmetic, on the layouts optimizers meet: whole arrays, views at an offset
 * into a flat vector in either ordering (DL4J's parameters), pairs whose orderings differ, strided columns and
 * non-uniformly strided sub-matrices (those last three must take the general path and still be right).
 */
class VectorsTest {

    private static final int ROWS = 4;
    private static final int COLUMNS = 6;

    record Pair(String layout, INDArray target, INDArray x) {
        @Override
        public String toString() {
            return layout;
        }
    }

    static Stream<Arguments> pairs() {
        return Stream.of(DataType.FLOAT, DataType.DOUBLE)
                .flatMap(type -> Stream.of(
                                new Pair(type + " whole arrays", random(type, 'c'), random(type, 'c')),
                                new Pair(
                                        type + " f-ordered views into a flat vector",
                                        view(type, 'f', 7),
                                        view(type, 'f', 3)),
                                new Pair(type + " c view and f view", view(type, 'c', 2), view(type, 'f', 11)),
                                new Pair(type + " f array and c array", random(type, 'f'), random(type, 'c')),
                                new Pair(type + " strided columns", column(type), column(type)),
                                new Pair(type + " sub-matrices", subMatrix(type), subMatrix(type)))
                        .map(Arguments::of));
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void addScaledIsTargetPlusAlphaTimesX(Pair pair) {
        INDArray expected = pair.target().add(pair.x().mul(-0.75));

        Vectors.addScaled(pair.target(), -0.75, pair.x());

        assertClose(pair.target(), expected);
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void scaleMultipliesInPlace(Pair pair) {
        INDArray expected = pair.target().mul(1.5);

        Vectors.scale(pair.target(), 1.5);

        assertClose(pair.target(), expected);
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void copyLeavesTheSourceInTheTarget(Pair pair) {
        Vectors.copy(pair.x(), pair.target());

        assertThat(pair.target().toDoubleMatrix()).isDeepEqualTo(pair.x().toDoubleMatrix());
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void dotAndNormAreTheSumsOfProducts(Pair pair) {
        double dot = pair.target().mul(pair.x()).sumNumber().doubleValue();
        double norm = Math.sqrt(pair.x().mul(pair.x()).sumNumber().doubleValue());

        assertThat(Vectors.dot(pair.target(), pair.x())).isCloseTo(dot, within(1e-5));
        assertThat(Vectors.norm(pair.x())).isCloseTo(norm, within(1e-5));
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void isFiniteFindsANaNOrAnInfinityAnywhere(Pair pair) {
        INDArray x = pair.x();
        assertThat(Vectors.isFinite(x)).isTrue();

        x.putScalar(ROWS - 1, 1, Double.NaN);
        assertThat(Vectors.isFinite(x)).isFalse();

        x.putScalar(ROWS - 1, 1, Double.NEGATIVE_INFINITY);
        assertThat(Vectors.isFinite(x)).isFalse();
    }

    @Test
    void writesOnlyTheViewOfAFlatVector() {
        INDArray flat = Nd4j.rand(DataType.FLOAT, 1, 40);
        double[] before = flat.toDoubleVector();
        INDArray view = middleOf(flat);

        Vectors.addScaled(view, 2, Nd4j.ones(DataType.FLOAT, ROWS, COLUMNS).dup('f'));
        Vectors.scale(view, 0.5);

        double[] after = flat.toDoubleVector();
        for (int i = 0; i < after.length; i++) {
            double expected = i >= 10 && i < 34 ? (before[i] + 2) * 0.5 : before[i];
            assertThat(after[i]).as("element %d", i).isCloseTo(expected, within(1e-6));
        }
    }

    /** Loops in Java pair tensors up by memory order: only dense float32 tensors whose memory orders agree. */
    @ParameterizedTest
    @MethodSource("pairs")
    void loopableOnlyWhereMemoryOrderIsLogicalOrderForBoth(Pair pair) {
        boolean expected = pair.target().dataType() == DataType.FLOAT
                && !pair.layout().contains("columns")
                && !pair.layout().contains("sub-matrices")
                && pair.target().ordering() == pair.x().ordering();

        assertThat(Vectors.loopable(pair.target(), pair.x())).isEqualTo(expected);
    }

    @Test
    void floatsReadAndWriteAViewFromItsFirstElementInMemoryOrder() {
        INDArray flat = Nd4j.rand(DataType.FLOAT, 1, 40);
        double[] before = flat.toDoubleVector();
        INDArray view = middleOf(flat);

        FloatBuffer memory = Vectors.floats(view);

        assertThat(memory.limit()).isEqualTo(ROWS * COLUMNS);
        assertThat((double) memory.get(1)).isEqualTo(view.getDouble(1, 0));
        for (int i = 0; i < memory.limit(); i++) {
            memory.put(i, -memory.get(i));
        }
        double[] after = flat.toDoubleVector();
        for (int i = 0; i < after.length; i++) {
            assertThat(after[i]).as("element %d", i).isEqualTo(i >= 10 && i < 34 ? -before[i] : before[i]);
        }
    }

    @Test
    void storageIsTheBufferAViewsOffsetCountsFrom() {
        INDArray flat = Nd4j.rand(DataType.FLOAT, 1, 40);
        INDArray view = middleOf(flat);
        INDArray other = Nd4j.rand(DataType.FLOAT, 1, 40);

        assertThat(Vectors.storage(view)).isSameAs(Vectors.storage(flat));
        assertThat(Vectors.storage(other)).isNotSameAs(Vectors.storage(flat));
        assertThat(Vectors.storage(view).getFloat(view.offset())).isEqualTo(view.getFloat(0, 0));
    }

    /** Elements [10, 34) of a flat row, as an f-ordered matrix: how DL4J lays out a parameter. */
    private static INDArray middleOf(INDArray flat) {
        return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(10, 34)).reshape('f', ROWS, COLUMNS);
    }

    private static void assertClose(INDArray actual, INDArray expected) {
        double[][] a = actual.toDoubleMatrix();
        double[][] e = expected.toDoubleMatrix();
        for (int r = 0; r < a.length; r++) {
            assertThat(a[r]).containsExactly(e[r], within(1e-6));
        }
    }

    private static INDArray random(DataType type, char order) {
        return Nd4j.rand(type, ROWS, COLUMNS).dup(order);
    }

    /** A matrix that is a view at {@code offset} into a longer flat vector, as DL4J lays out parameters. */
    private static INDArray view(DataType type, char order, int offset) {
        INDArray flat = Nd4j.rand(type, 1, ROWS * COLUMNS + 20);
        return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + ROWS * COLUMNS))
                .reshape(order, ROWS, COLUMNS);
    }

    /** Every other column of a wider matrix: a uniform stride of 2. */
    private static INDArray column(DataType type) {
        return Nd4j.rand(type, ROWS, 2 * COLUMNS).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 2 * COLUMNS));
    }

    /** The top-left block of a larger matrix: rows and columns strided differently. */
    private static INDArray subMatrix(DataType type) {
        return Nd4j.rand(type, ROWS + 3, COLUMNS + 5)
                .get(NDArrayIndex.interval(0, ROWS), NDArrayIndex.interval(0, COLUMNS));
    }
}
