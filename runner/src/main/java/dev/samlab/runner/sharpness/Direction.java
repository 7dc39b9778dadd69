package dev.samlab.runner.sharpness;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A vector in parameter space, one array per parameter tensor, with the few operations the measures need. */
final class Direction {

    final List<INDArray> parts;

    private Direction(List<INDArray> parts) {
        this.parts = parts;
    }

    static Direction zerosLike(Parameters parameters) {
        List<INDArray> parts = new ArrayList<>();
        for (Parameter p : parameters) {
            parts.add(p.value().ulike().assign(0));
        }
        return new Direction(parts);
    }

    /** A copy of the parameters' current values. */
    static Direction valuesOf(Parameters parameters) {
        return new Direction(parameters.stream().map(p -> p.value().dup()).toList());
    }

    /** Rademacher (±1) or standard Gaussian entries, drawn from {@code random}. */
    static Direction random(Parameters parameters, SplittableRandom random, boolean rademacher) {
        Direction d = zerosLike(parameters);
        for (INDArray part : d.parts) {
            double[] values = new double[(int) part.length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = rademacher ? (random.nextBoolean() ? 1 : -1) : random.nextGaussian();
            }
            part.assign(Nd4j.createFromArray(values).reshape(part.shape()));
        }
        return d;
    }

    Direction copy() {
        return new Direction(parts.stream().map(INDArray::dup).toList());
    }

    double dot(Direction other) {
        double sum = 0;
        for (int i = 0; i < parts.size(); i++) {
            sum += parts.get(i)
                    .castTo(DataType.DOUBLE)
                    .mul(other.parts.get(i).castTo(DataType.DOUBLE))
                    .sumNumber()
                    .doubleValue();
        }
        return sum;
    }

    double norm() {
        return Math.sqrt(dot(this));
    }

    Direction scale(double factor) {
        parts.forEach(p -> p.muli(factor));
        return this;
    }

    /** this ← this + factor · other */
    Direction add(double factor, Direction other) {
        for (int i = 0; i < parts.size(); i++) {
            parts.get(i).addi(other.parts.get(i).mul(factor));
        }
        return this;
    }

    /** this ← this ⊙ other (element-wise) */
    Direction times(Direction other) {
        for (int i = 0; i < parts.size(); i++) {
            parts.get(i).muli(other.parts.get(i));
        }
        return this;
    }

    /** this ← this ⊘ other (element-wise) */
    Direction dividedBy(Direction other) {
        for (int i = 0; i < parts.size(); i++) {
            parts.get(i).divi(other.parts.get(i));
        }
        return this;
    }
}
