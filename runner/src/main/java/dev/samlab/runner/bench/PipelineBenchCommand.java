package dev.samlab.runner.bench;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.runner.data.PipelineBench;
import java.io.PrintWriter;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samlab bench pipeline}: images per second of the augmentation pipeline. */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description = {
            "Time the data pipeline on CIFAR-shaped random images: pad-4 crop, flip, normalization and"
                    + " label smoothing into float batches, on one thread, then through the prefetch thread into ND4J"
                    + " arrays. Training consumes a few hundred images per second."
        })
public final class PipelineBenchCommand implements Callable<Integer> {

    @Option(names = "--images", description = "Images per pass (default: ${DEFAULT-VALUE}).")
    private int images = 20_000;

    @Option(names = "--passes", description = "Timed passes; the best is reported (default: ${DEFAULT-VALUE}).")
    private int passes = 3;

    @Option(names = "--cutout", description = "Cutout square side, 0 for none (default: ${DEFAULT-VALUE}).")
    private int cutout = 0;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        ImageShape shape = new ImageShape(3, 32, 32);
        byte[] pixels = new byte[images * shape.size()];
        int[] labels = new int[images];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(256);
        }
        for (int i = 0; i < images; i++) {
            labels[i] = random.nextInt(10);
        }
        Augmentation augmentation = new Augmentation(4, true, cutout);
        PipelineBench.Result result =
                PipelineBench.measure(new LabeledImages(shape, pixels, labels), augmentation, 128, passes);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("pipeline on %,d CIFAR-shaped images, batch 128, %s%n", images, augmentation);
        out.printf("assembled on one thread:            %,10.0f images/s%n", result.rawImagesPerSecond());
        out.printf("through the prefetch thread to ND4J: %,10.0f images/s%n", result.streamedImagesPerSecond());
        out.flush();
        return 0;
    }
}
