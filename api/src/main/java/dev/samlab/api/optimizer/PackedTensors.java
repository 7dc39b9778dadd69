package dev.samlab.api.optimizer;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRun;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.tensor.Vectors;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A tensor per parameter, packed end to end into one vector, so that element-wise arithmetic on all of them is one
 * ND4J operation on {@link #all()} instead of one per parameter. Each parameter's {@link #part} is a view of the
 * vector shaped and ordered like the parameter, and each {@link ParameterRun}'s part is the stretch of the vector its
 * parameters occupy, so a part and its parameter or run pair up with {@link Vectors}. Zero at first.
 *
 * <pre>{@code
 * gradient.copyFrom(parameters, ParameterRun::gradients);   // a native copy per run of parameters
 * Transforms.sqrt(scratch.all().assign(gradient.all()));     // then one operation over every parameter
 * }</pre>
 */
public final class PackedTensors {

    private final INDArray all;
    private final Map<String, INDArray> parts = new LinkedHashMap<>();
    /** The parts of runs of several parameters, by the run's offset; a run of one has its parameter's part. */
    private final Map<Long, INDArray> runParts = new HashMap<>();

    /** Room for a tensor like each of {@code parameters}, in their order. */
    public PackedTensors(Parameters parameters) {
        DataType type = parameters.list().isEmpty()
                ? DataType.FLOAT
                : parameters.list().get(0).value().dataType();
        this.all = Nd4j.zeros(type, parameters.size());
        long offset = 0;
        for (Parameter p : parameters) {
            if (p.value().dataType() != type) {
                throw new IllegalArgumentException("parameter " + p.name() + " is "
                        + p.value().dataType() + ", the others " + type + ": packed tensors share one type");
            }
            INDArray slice = all.get(NDArrayIndex.interval(offset, offset + p.size()));
            parts.put(p.name(), slice.reshape(p.value().ordering(), p.value().shape()));
            offset += p.size();
        }
        for (ParameterRun run : parameters.runs()) {
            if (run.parameters().size() > 1) {
                runParts.put(run.offset(), all.get(NDArrayIndex.interval(run.offset(), run.offset() + run.length())));
            }
        }
    }

    /** Every part, end to end. */
    public INDArray all() {
        return all;
    }

    /** The part of {@code parameter}, a live view of {@link #all()}. */
    public INDArray part(Parameter parameter) {
        return part(parameter.name());
    }

    /** The part of the parameter named {@code name}, a live view of {@link #all()}. */
    public INDArray part(String name) {
        INDArray part = parts.get(name);
        if (part == null) {
            throw new IllegalArgumentException(
                    "no packed tensor for parameter '" + name + "': packed for " + parts.keySet());
        }
        return part;
    }

    /** The part of {@code run}, one of the runs of the parameters these were packed for: a live view of {@link #all()}. */
    public INDArray part(ParameterRun run) {
        if (run.parameters().size() == 1) {
            return part(run.parameters().get(0));
        }
        INDArray part = runParts.get(run.offset());
        if (part == null || part.length() != run.length()) {
            throw new IllegalArgumentException("no packed tensor for the run of "
                    + run.parameters().stream().map(Parameter::name).toList());
        }
        return part;
    }

    /** Parameter names to parts, in packing order. */
    public Map<String, INDArray> parts() {
        return Collections.unmodifiableMap(parts);
    }

    /** Whether these were packed for exactly {@code parameters}, in their order. */
    public boolean packs(Parameters parameters) {
        return parameters.list().size() == parts.size()
                && parameters.stream()
                        .map(Parameter::name)
                        .toList()
                        .equals(parts.keySet().stream().toList());
    }

    /**
     * Refuses {@code parameters} unless these were packed for exactly them: an optimizer packs its buffers at its first
     * step, for that step's parameters.
     *
     * @param owner who packed these, for the message ("Adam")
     */
    public void requirePacks(Parameters parameters, String owner) {
        if (!packs(parameters)) {
            throw new IllegalStateException(owner + " was given other parameters than at its first step: "
                    + parameters.stream().map(Parameter::name).toList() + " instead of "
                    + parts.keySet());
        }
    }

    /** Copies {@code source(run)} into each run's part: one native call per run of parameters. */
    public void copyFrom(Parameters parameters, Function<ParameterRun, INDArray> source) {
        for (ParameterRun run : parameters.runs()) {
            Vectors.copy(source.apply(run), part(run));
        }
    }

    /** Copies each run's part into {@code target(run)}. */
    public void copyTo(Parameters parameters, Function<ParameterRun, INDArray> target) {
        for (ParameterRun run : parameters.runs()) {
            Vectors.copy(part(run), target.apply(run));
        }
    }
}
