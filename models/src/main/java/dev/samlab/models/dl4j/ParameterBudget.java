package dev.samlab.models.dl4j;

import static dev.samlab.api.InvalidConfigException.check;

import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Refuses a network whose parameters alone cannot fit in the memory this JVM may use, before DL4J tries to
 * allocate them (and fails with a bare {@code std::bad_alloc}).
 */
public final class ParameterBudget {

    /** The weights, their gradient and an optimizer's two moments: the least any training run holds. */
    private static final int COPIES = 4;

    private ParameterBudget() {}

    /**
     * Builds and initialises the network if it fits.
     *
     * @param field the config key that sizes the network, named in the error ({@code hidden}, {@code width})
     */
    public static ComputationGraph initialise(ComputationGraphConfiguration configuration, String field) {
        double parameters = 0;
        for (GraphVertex vertex : configuration.getVertices().values()) {
            if (vertex instanceof LayerVertex layerVertex) {
                Layer layer = layerVertex.getLayerConf().getLayer();
                parameters += layer.initializer().numParams(layer);
            }
        }
        double needed = parameters * COPIES * configuration.getDataType().width();
        long available = available();
        check(
                needed <= available,
                field,
                String.format(
                        Locale.ROOT,
                        "the network would have %,.0f parameters; with"
                                + " their gradients and an optimizer's two moments that needs at least %s, more than the %s this JVM"
                                + " may use (raise it with SAMLAB_JAVA_OPTS=\"-Xmx...\" or -Dorg.bytedeco.javacpp.maxbytes=...)",
                        parameters,
                        gib(needed),
                        gib(available)));
        ComputationGraph graph = new ComputationGraph(configuration);
        graph.init();
        return graph;
    }

    /** ND4J's arrays live off the heap, within JavaCPP's limit (the heap's size unless set) and physical memory. */
    private static long available() {
        long physical = Pointer.totalPhysicalBytes();
        return physical > 0 ? Math.min(Pointer.maxBytes(), physical) : Pointer.maxBytes();
    }

    private static String gib(double bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1L << 30));
    }
}
