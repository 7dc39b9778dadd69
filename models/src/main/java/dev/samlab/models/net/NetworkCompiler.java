package dev.samlab.models.net;

import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.models.dl4j.GraphModel;
import dev.samlab.models.dl4j.Helpers;
import dev.samlab.models.onednn.Program;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link Network}: always its DL4J graph, which holds the parameters and serves what no faster path does;
 * then, for float32 on the CPU, the oneDNN program that trains and infers from the same parameters, if every layer
 * is one it covers. Says which path a network takes, once per process for each answer.
 */
final class NetworkCompiler {

    /**
     * {@code -Dsamlab.fastPath=false} keeps every network on DL4J's path: for measuring what the oneDNN path gains,
     * and as a way around it should it ever misbehave.
     */
    static final String FAST_PATH_PROPERTY = "samlab.fastPath";

    private static final Logger LOG = LoggerFactory.getLogger(NetworkCompiler.class);
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private NetworkCompiler() {}

    static Model compile(Network network, ModelContext context, Precision precision) {
        Helpers.enable();
        GraphCompiler.Compiled compiled = GraphCompiler.compile(network, context, precision);
        ComputationGraph graph = compiled.graph();
        if (!Boolean.parseBoolean(System.getProperty(FAST_PATH_PROPERTY, "true"))) {
            announce("DL4J's path (" + FAST_PATH_PROPERTY + "=false)");
            return new GraphModel(graph);
        }
        if (!Program.supports(graph)) {
            return new GraphModel(graph); // double precision, or the CUDA backend: nothing to announce
        }
        try {
            Program program = FastPath.program(network, compiled);
            announce("oneDNN directly (inference with batch norm folded into the convolutions)");
            return new GraphModel(graph, program.inference(), program.training());
        } catch (FastPath.NotCovered reason) {
            announce("DL4J's path: the oneDNN path does not cover " + reason.getMessage());
            return new GraphModel(graph);
        }
    }

    private static void announce(String path) {
        if (ANNOUNCED.add(path)) {
            LOG.info("model training and inference: {}", path);
        }
    }
}
