package dev.samlab.models;

import dev.samlab.models.dl4j.GraphModel;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.stream.LongStream;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Whether a batch keeps the inputs of a network's ReLU layers clear of 0, measured in double precision. Float32 passes
 * differ from double ones by up to 5e-6 at the ReLU inputs of a ResNet-14 (more in deeper layers); an input nearer 0
 * than that may fall on the other side of the ReLU in float32, and every gradient below it then differs by that
 * value's whole output gradient. A float32-against-double comparison then fails with no bug: on AVX2, one value 7e-7
 * from 0 put a batch norm's β 1.5 % off. Such comparisons use batches this margin vouches for.
 */
final class ReluMargin {

    /** Twice the largest float32 error seen at a ReLU input near 0 (ResNet-14 of width 8 on 32x32 images). */
    static final double SAFE = 1e-5;

    private ReluMargin() {}

    /** Whether a training-mode pass of {@code exact} over {@code features} keeps each ReLU input {@link #SAFE} from 0. */
    static boolean safe(GraphModel exact, INDArray features) {
        ComputationGraph graph = exact.graph();
        INDArray state = graph.params().dup(); // a training-mode pass may move the running statistics
        Map<String, INDArray> activations =
                graph.feedForward(new INDArray[] {features.castTo(graph.params().dataType())}, true, false);
        graph.params().assign(state);
        return reluInputs(graph).stream()
                .allMatch(input -> activations.get(input).aminNumber().doubleValue() >= SAFE);
    }

    /** The names of the vertices whose outputs ReLU layers take. */
    static List<String> reluInputs(ComputationGraph graph) {
        return graph.getConfiguration().getVertices().entrySet().stream()
                .filter(vertex -> vertex.getValue() instanceof LayerVertex layer
                        && layer.getLayerConf().getLayer() instanceof ActivationLayer activation
                        && activation.getActivationFn() instanceof ActivationReLU)
                .flatMap(vertex -> graph.getConfiguration().getVertexInputs().get(vertex.getKey()).stream())
                .toList();
    }

    /** The first seed from 0 on that {@code safe} accepts. */
    static long firstSafeSeed(LongPredicate safe) {
        return LongStream.range(0, 500)
                .filter(safe)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no batch of 500 keeps its ReLU inputs " + SAFE + " from 0: use fewer or smaller images"));
    }
}
