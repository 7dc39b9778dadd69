package dev.samlab.models.dl4j;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.model.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Splits a ComputationGraph's flat parameter vector into what optimizers may see (weights, biases, batch-norm
 * scale and shift) and what they must not: batch-norm running statistics, which DL4J stores beside them.
 */
final class GraphParameters {

    /**
     * A batch-norm running statistic and the view where DL4J's backward pass leaves its update; DL4J's own
     * updater would apply {@code value -= update}, so that is what the first evaluation of a step does.
     */
    record RunningStatistic(INDArray value, INDArray update) {}

    private final Parameters trainable;
    private final List<RunningStatistic> runningStatistics;

    GraphParameters(ComputationGraph graph) {
        graph.initGradientsView(); // DL4J allocates the flat gradient lazily; the views must exist from the start
        List<Parameter> parameters = new ArrayList<>();
        List<RunningStatistic> statistics = new ArrayList<>();
        for (Layer layer : graph.getLayers()) {
            Map<String, INDArray> values = layer.paramTable();
            if (values.isEmpty()) {
                continue;
            }
            Map<String, INDArray> gradients = LayerGradients.of(layer);
            String layerName = layer.conf().getLayer().getLayerName();
            values.forEach((key, value) -> {
                INDArray gradient = gradients.get(key);
                if (isRunningStatistic(key)) {
                    statistics.add(new RunningStatistic(value, gradient));
                } else {
                    parameters.add(new Parameter(layerName + "/" + key, role(layerName, key), value, gradient));
                }
            });
        }
        this.trainable = new Parameters(parameters);
        this.runningStatistics = List.copyOf(statistics);
    }

    Parameters trainable() {
        return trainable;
    }

    /** The running statistics themselves, as views. */
    List<INDArray> runningStatisticValues() {
        return runningStatistics.stream().map(RunningStatistic::value).toList();
    }

    /** Folds the running-statistic updates of the last backward pass into the statistics. */
    void applyRunningStatisticUpdates() {
        for (RunningStatistic statistic : runningStatistics) {
            statistic.value().subi(statistic.update());
        }
    }

    private static boolean isRunningStatistic(String key) {
        return key.equals("mean") || key.equals("var") || key.equals("log10stdev");
    }

    private static ParameterRole role(String layerName, String key) {
        return switch (key) {
            case "W" -> ParameterRole.WEIGHT;
            case "b" -> ParameterRole.BIAS;
            case "gamma" -> ParameterRole.NORM_SCALE;
            case "beta" -> ParameterRole.NORM_SHIFT;
            default ->
                throw new IllegalStateException("layer " + layerName + " has parameter '" + key + "' of unknown role");
        };
    }
}
