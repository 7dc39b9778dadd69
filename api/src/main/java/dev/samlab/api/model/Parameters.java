package dev.samlab.api.model;

import dev.samlab.api.tensor.Vectors;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The trainable parameters of a model, in a fixed order. Immutable; the tensors themselves are live views. */
public final class Parameters implements Iterable<Parameter> {

    private final List<Parameter> list;

    public Parameters(List<Parameter> list) {
        this.list = List.copyOf(list);
        long distinct = this.list.stream().map(Parameter::name).distinct().count();
        if (distinct != this.list.size()) {
            throw new IllegalArgumentException("parameter names must be unique");
        }
    }

    public List<Parameter> list() {
        return list;
    }

    public Stream<Parameter> stream() {
        return list.stream();
    }

    @Override
    public Iterator<Parameter> iterator() {
        return list.iterator();
    }

    /** Number of trainable scalars. */
    public long size() {
        return list.stream().mapToLong(Parameter::size).sum();
    }

    /** The first parameter whose gradient holds NaN or infinity, if any. */
    public Optional<Parameter> firstWithNonFiniteGradient() {
        return list.stream().filter(p -> !Vectors.isFinite(p.gradient())).findFirst();
    }

    /** The L2 norm of all gradients taken together, as if concatenated into one vector. */
    public double gradientNorm() {
        double sumOfSquares = 0;
        for (Parameter p : list) {
            double norm = Vectors.norm(p.gradient());
            sumOfSquares += norm * norm;
        }
        return Math.sqrt(sumOfSquares);
    }
}
