package dev.samlab.api.model;

import dev.samlab.api.tensor.Vectors;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The trainable parameters of a model, in a fixed order. Immutable; the tensors themselves are live views. */
public final class Parameters implements Iterable<Parameter> {

    private final List<Parameter> list;
    private final List<ParameterRun> runs;

    public Parameters(List<Parameter> list) {
        this.list = List.copyOf(list);
        long distinct = this.list.stream().map(Parameter::name).distinct().count();
        if (distinct != this.list.size()) {
            throw new IllegalArgumentException("parameter names must be unique");
        }
        this.runs = runsOf(this.list);
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

    /** The parameters in as few {@link ParameterRun runs} as their storage allows, in order. */
    public List<ParameterRun> runs() {
        return runs;
    }

    /** The first parameter whose gradient holds NaN or infinity, if any. */
    public Optional<Parameter> firstWithNonFiniteGradient() {
        return runs.stream()
                .filter(run -> !Vectors.isFinite(run.gradients()))
                .flatMap(run -> run.parameters().stream())
                .filter(p -> !Vectors.isFinite(p.gradient()))
                .findFirst();
    }

    /** The L2 norm of all gradients taken together, as if concatenated into one vector. */
    public double gradientNorm() {
        double sumOfSquares = 0;
        for (ParameterRun run : runs) {
            double norm = Vectors.norm(run.gradients());
            sumOfSquares += norm * norm;
        }
        return Math.sqrt(sumOfSquares);
    }

    private static List<ParameterRun> runsOf(List<Parameter> list) {
        List<ParameterRun> runs = new ArrayList<>();
        long offset = 0;
        int start = 0;
        for (int i = 1; i <= list.size(); i++) {
            if (i < list.size()
                    && follows(list.get(i - 1).value(), list.get(i).value())
                    && follows(list.get(i - 1).gradient(), list.get(i).gradient())) {
                continue;
            }
            List<Parameter> members = list.subList(start, i);
            ParameterRun run = new ParameterRun(
                    members, offset, span(members, Parameter::value), span(members, Parameter::gradient));
            runs.add(run);
            offset += run.length();
            start = i;
        }
        return List.copyOf(runs);
    }

    /** Whether {@code next} starts in the same buffer right where {@code previous} ends, both dense. */
    private static boolean follows(INDArray previous, INDArray next) {
        return dense(previous)
                && dense(next)
                && previous.dataType() == next.dataType()
                && Vectors.storage(previous) == Vectors.storage(next)
                && previous.offset() + previous.length() == next.offset();
    }

    private static boolean dense(INDArray x) {
        return x.length() > 0 && x.elementWiseStride() == 1;
    }

    /** A single member's own tensor, or a flat view over the members' memory. */
    private static INDArray span(List<Parameter> members, Function<Parameter, INDArray> tensor) {
        INDArray first = tensor.apply(members.get(0));
        if (members.size() == 1) {
            return first;
        }
        long length = members.stream().mapToLong(Parameter::size).sum();
        return Nd4j.create(first.data(), new long[] {length}, new long[] {1}, first.offset(), 'c');
    }
}
