package dev.samlab.models.dl4j;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A DL4J layer's gradient views, by parameter key ("W", "gamma", ...), into the network's flat gradient. */
public final class LayerGradients {

    private LayerGradients() {}

    /** New views each call, over the same values: the network must have its gradient view already. */
    public static Map<String, INDArray> of(Layer layer) {
        return layer.conf()
                .getLayer()
                .initializer()
                .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
    }
}
