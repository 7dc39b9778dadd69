package dev.samlab.runner.data;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.LabeledImages;
import java.util.Iterator;
import java.util.SplittableRandom;

/** Times the data pipeline: how many images per second it assembles. */
public final class PipelineBench {

    /** Images per second, assembled on one thread, and delivered as ND4J batches through the prefetch thread. */
    public record Result(double rawImagesPerSecond, double streamedImagesPerSecond) {}

    private PipelineBench() {}

    public static Result measure(LabeledImages images, Augmentation augmentation, int batchSize, int epochs) {
        Batches batches = new Batches(images, 10, ChannelNormalization.of(images), augmentation, 0.1);
        SplittableRandom random = new SplittableRandom(1);
        timeRaw(batches, batchSize, random); // warm-up
        double raw = 0;
        double streamed = 0;
        for (int e = 0; e < epochs; e++) {
            raw = Math.max(raw, timeRaw(batches, batchSize, random));
            long start = System.nanoTime();
            try (BatchStream stream = batches.shuffled(batchSize, random)) {
                stream.forEachRemaining(BatchStream::release);
            }
            streamed = Math.max(streamed, images.size() / ((System.nanoTime() - start) / 1e9));
        }
        return new Result(raw, streamed);
    }

    private static double timeRaw(Batches batches, int batchSize, SplittableRandom random) {
        long start = System.nanoTime();
        long checksum = 0;
        for (Iterator<RawBatch> it = batches.raw(batches.identity(), batchSize, random); it.hasNext(); ) {
            checksum += it.next().features().length;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return checksum == 0 ? 0 : batches.size() / seconds;
    }
}
