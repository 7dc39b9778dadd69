package dev.samlab.runner.sharpness;

import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.Parameters;
import java.util.List;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loss of a model over a fixed set of batches, as a function of its weights: the mean loss and its
 * gradient at the current weights or at an offset from them. The model runs in inference mode (batch norm with its
 * running statistics, left unchanged), so the loss is a function of the weights alone; a model without an
 * inference-mode gradient runs in training mode (batch statistics), with a warning. The weights are always put back
 * exactly.
 */
final class LossSurface {

    private static final Logger LOG = LoggerFactory.getLogger(LossSurface.class);

    private final Model model;
    private final List<Batch> batches;
    private final int examples;
    private final LongConsumer afterPass;
    private final boolean inference;
    private long passes;

    LossSurface(Model model, List<Batch> batches) {
        this(model, batches, passes -> {});
    }

    /** @param afterPass told the number of passes so far after each one, to show progress */
    LossSurface(Model model, List<Batch> batches, LongConsumer afterPass) {
        this.model = model;
        this.batches = List.copyOf(batches);
        this.examples = batches.stream().mapToInt(Batch::size).sum();
        this.afterPass = afterPass;
        this.inference = hasInferenceMode(model, this.batches.get(0));
    }

    private static boolean hasInferenceMode(Model model, Batch batch) {
        try {
            model.inferenceObjective(batch);
            return true;
        } catch (UnsupportedOperationException e) {
            LOG.warn("measuring in training mode (batch statistics): {}", e.getMessage());
            return false;
        }
    }

    /** "inference" (running statistics) or "training" (each batch's statistics, for models without the former). */
    String mode() {
        return inference ? "inference" : "training";
    }

    Parameters parameters() {
        return model.parameters();
    }

    /** Passes over the whole set so far, forward+backward or forward only (the cost of the measures). */
    long passes() {
        return passes;
    }

    Direction weights() {
        return Direction.valuesOf(parameters());
    }

    /** The mean loss at w + offset; {@code gradient}, if given, receives its gradient. */
    double at(Direction offset, Direction gradient) {
        Direction saved = offset == null ? null : weights();
        if (offset != null) {
            for (int i = 0; i < offset.parts.size(); i++) {
                parameters().list().get(i).value().addi(offset.parts.get(i));
            }
        }
        try {
            return evaluate(gradient);
        } finally {
            if (saved != null) {
                for (int i = 0; i < saved.parts.size(); i++) {
                    parameters().list().get(i).value().assign(saved.parts.get(i));
                }
            }
        }
    }

    private double evaluate(Direction gradient) {
        double loss = 0;
        if (gradient != null) {
            gradient.scale(0);
        }
        for (Batch batch : batches) {
            Evaluation evaluation = gradient == null && inference
                    ? model.evaluate(batch) // the same loss, forward only: the model's inference path
                    : (inference ? model.inferenceObjective(batch) : model.objective(batch)).evaluate();
            double weight = (double) batch.size() / examples;
            loss += evaluation.loss() * weight;
            if (gradient != null) {
                List<Parameter> list = parameters().list();
                for (int i = 0; i < list.size(); i++) {
                    gradient.parts.get(i).addi(list.get(i).gradient().mul(weight));
                }
            }
        }
        passes++;
        afterPass.accept(passes);
        return loss;
    }
}
