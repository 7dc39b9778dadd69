package dev.samlab.runner.eval;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Model;
import dev.samlab.runner.data.BatchStream;
import dev.samlab.runner.data.Batches;
import dev.samlab.runner.data.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A trained model's accuracy and confusion on a dataset's test split, normalized as in training. */
public final class TestSetEvaluation {

    /** What the evaluation found. */
    public record Result(ConfusionMatrix confusion, double loss) {}

    private TestSetEvaluation() {}

    /** @param data the run's cut of the dataset: its test images, normalized as its training images were */
    public static Result run(Model model, TrainingData data, int classes) {
        Batches batches = new Batches(data.test(), classes, data.normalization(), Augmentation.NONE, 0);
        ConfusionMatrix confusion = new ConfusionMatrix(classes);
        double lossSum = 0;
        try (BatchStream stream = batches.inOrder(256)) {
            while (stream.hasNext()) {
                Batch batch = stream.next();
                try {
                    INDArray probabilities = model.predict(batch.features());
                    INDArray predicted = probabilities.argMax(1);
                    INDArray actual = batch.targets().argMax(1);
                    for (int i = 0; i < batch.size(); i++) {
                        int truth = actual.getInt(i);
                        confusion.add(truth, predicted.getInt(i));
                        lossSum -= Math.log(Math.max(1e-10, probabilities.getDouble(i, truth)));
                    }
                } finally {
                    BatchStream.release(batch);
                }
            }
        }
        return new Result(confusion, lossSum / confusion.total());
    }

    /** Writes the confusion matrix as a heat map. */
    public static void chart(Result result, List<String> classNames, String title, Path file) throws IOException {
        ConfusionChart.write(result.confusion(), classNames, title, file);
    }
}
