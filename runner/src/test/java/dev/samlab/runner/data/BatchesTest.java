package dev.samlab.runner.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.model.Batch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class BatchesTest {

    private static final ImageShape SHAPE = new ImageShape(2, 3, 4);

    /** Image i: channel 0 holds 10*y + x + i, channel 1 holds 100 + i. */
    private static LabeledImages images(int count) {
        byte[] pixels = new byte[count * SHAPE.size()];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 3;
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    pixels[i * SHAPE.size() + y * 4 + x] = (byte) (10 * y + x + i);
                    pixels[i * SHAPE.size() + 12 + y * 4 + x] = (byte) (100 + i);
                }
            }
        }
        return new LabeledImages(SHAPE, pixels, labels);
    }

    private static final ChannelNormalization IDENTITY = new ChannelNormalization(new double[2], new double[] {1, 1});

    @Test
    void normalizationUsesEachChannelsMeanAndStandardDeviation() {
        ChannelNormalization normalization = ChannelNormalization.of(images(2));

        // channel 1 holds 100 (image 0) and 101 (image 1): mean 100.5, std 0.5
        assertThat(normalization.mean()[1]).isEqualTo(100.5);
        assertThat(normalization.std()[1]).isCloseTo(0.5, within(1e-12));
        Batch batch = new Batches(images(2), 3, normalization, Augmentation.NONE, 0)
                .inOrder(2)
                .next();
        assertThat(batch.features().getDouble(0, 1, 0, 0)).isCloseTo(-1, within(1e-6));
        assertThat(batch.features().getDouble(1, 1, 2, 3)).isCloseTo(1, within(1e-6));
    }

    @Test
    void evaluationBatchesKeepStoredOrderAndEndWithAPartialBatch() {
        Iterator<Batch> batches = new Batches(images(5), 3, IDENTITY, new Augmentation(1, true, 0), 0).inOrder(2);

        List<Integer> sizes = new ArrayList<>();
        List<Double> firstPixels = new ArrayList<>();
        while (batches.hasNext()) {
            Batch batch = batches.next();
            sizes.add(batch.size());
            for (int k = 0; k < batch.size(); k++) {
                firstPixels.add(batch.features().getDouble(k, 1, 0, 0));
            }
        }
        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(firstPixels).as("no augmentation, no shuffle").containsExactly(100.0, 101.0, 102.0, 103.0, 104.0);
    }

    @Test
    void aReleasedBatchHasFreedBothArraysAndTheNextIsFresh() {
        try (BatchStream stream = new Batches(images(4), 3, IDENTITY, Augmentation.NONE, 0).inOrder(2)) {
            Batch first = stream.next();
            BatchStream.release(first);
            Batch second = stream.next();

            assertThat(first.features().wasClosed()).isTrue();
            assertThat(first.targets().wasClosed()).isTrue();
            assertThat(second.features().wasClosed()).isFalse();
            assertThat(second.features().sumNumber().doubleValue()).isFinite();
        }
    }

    @Test
    void targetsAreOneHotOrSmoothedDistributions() {
        Batch plain = new Batches(images(3), 3, IDENTITY, Augmentation.NONE, 0)
                .inOrder(3)
                .next();
        Batch smoothed = new Batches(images(3), 3, IDENTITY, Augmentation.NONE, 0.3)
                .inOrder(3)
                .next();

        assertThat(plain.targets().getRow(2).toDoubleVector()).containsExactly(0, 0, 1);
        assertThat(smoothed.targets().getRow(1).toDoubleVector())
                .containsExactly(new double[] {0.1, 0.8, 0.1}, within(1e-6));
    }

    @Test
    void shufflingVisitsEveryImageOnceAndRepeatsForTheSameSeed() {
        Batches batches = new Batches(images(7), 3, IDENTITY, Augmentation.NONE, 0);

        List<Double> first = channelOneValues(batches.shuffled(3, new SplittableRandom(5)));
        List<Double> again = channelOneValues(batches.shuffled(3, new SplittableRandom(5)));
        List<Double> other = channelOneValues(batches.shuffled(3, new SplittableRandom(6)));

        assertThat(first).containsExactlyInAnyOrder(100.0, 101.0, 102.0, 103.0, 104.0, 105.0, 106.0);
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void aSampleIsTheStartOfTheSeededPermutationWithoutAugmentation() {
        Batches batches = new Batches(images(7), 3, IDENTITY, new Augmentation(1, true, 0), 0);

        List<Double> shuffled = channelOneValues(
                new Batches(images(7), 3, IDENTITY, Augmentation.NONE, 0).shuffled(7, new SplittableRandom(5)));
        List<Double> sample = channelOneValues(batches.sample(4, 3, new SplittableRandom(5)));

        assertThat(sample).isEqualTo(shuffled.subList(0, 4));
        try (BatchStream stream = batches.sample(4, 3, new SplittableRandom(5))) {
            Batch first = stream.next();
            assertThat(first.features().getDouble(0, 0, 0, 0))
                    .as("unshifted, unflipped: channel 0 holds 10*y + x + i at y = x = 0")
                    .isEqualTo(first.features().getDouble(0, 1, 0, 0) - 100);
        }
        assertThat(channelOneValues(batches.sample(50, 3, new SplittableRandom(5))))
                .as("at most every image")
                .isEqualTo(shuffled);
    }

    @Test
    void padCropShiftsTheImageAndFillsTheBorderWithPaddedZeros() {
        Batches batches = new Batches(images(1), 3, IDENTITY, new Augmentation(1, false, 0), 0);
        boolean sawShift = false;
        for (int seed = 0; seed < 20; seed++) {
            INDArray image =
                    batches.shuffled(1, new SplittableRandom(seed)).next().features();
            // whatever the offset (dy, dx) in [-1, 1], each pixel is the source pixel at (y+dy, x+dx), or 0 outside
            int dy = -2;
            int dx = -2;
            for (int candidateY = -1; candidateY <= 1; candidateY++) {
                for (int candidateX = -1; candidateX <= 1; candidateX++) {
                    if (matchesShift(image, candidateY, candidateX)) {
                        dy = candidateY;
                        dx = candidateX;
                    }
                }
            }
            assertThat(dy).as("seed %d gives a valid shift", seed).isNotEqualTo(-2);
            sawShift |= dy != 0 || dx != 0;
        }
        assertThat(sawShift).isTrue();
    }

    private static boolean matchesShift(INDArray image, int dy, int dx) {
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                int sy = y + dy;
                int sx = x + dx;
                double expected = sy >= 0 && sy < 3 && sx >= 0 && sx < 4 ? 10 * sy + sx : 0;
                if (image.getDouble(0, 0, y, x) != expected) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void horizontalFlipMirrorsRows() {
        Batches batches = new Batches(images(1), 3, IDENTITY, new Augmentation(0, true, 0), 0);
        int flipped = 0;
        for (int seed = 0; seed < 20; seed++) {
            INDArray image =
                    batches.shuffled(1, new SplittableRandom(seed)).next().features();
            double[] row = image.get(
                            NDArrayIndex.point(0), NDArrayIndex.point(0), NDArrayIndex.point(1), NDArrayIndex.all())
                    .toDoubleVector();
            assertThat(row)
                    .satisfiesAnyOf(
                            r -> assertThat(r).containsExactly(10, 11, 12, 13),
                            r -> assertThat(r).containsExactly(13, 12, 11, 10));
            flipped += row[0] == 13 ? 1 : 0;
        }
        assertThat(flipped).as("about half of 20 draws").isBetween(3, 17);
    }

    @Test
    void cutoutZeroesOneSquarePerImage() {
        Batches batches = new Batches(
                images(1),
                3,
                new ChannelNormalization(new double[] {-1, -1}, new double[] {1, 1}),
                new Augmentation(0, false, 2),
                0);
        for (int seed = 0; seed < 10; seed++) {
            INDArray image =
                    batches.shuffled(1, new SplittableRandom(seed)).next().features();
            int zeros = 0;
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    // with mean -1 every original pixel is >= 1, so only cut-out pixels are 0
                    zeros += image.getDouble(0, 0, y, x) == 0 ? 1 : 0;
                    assertThat(image.getDouble(0, 1, y, x) == 0).isEqualTo(image.getDouble(0, 0, y, x) == 0);
                }
            }
            assertThat(zeros).as("a 2x2 square, clipped at the border").isBetween(1, 4);
        }
    }

    @Test
    void aFailureWhileAssemblingReachesTheTrainer() {
        Iterator<RawBatch> failing = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public RawBatch next() {
                throw new IllegalStateException("disk on fire");
            }
        };

        try (BatchStream stream = new BatchStream(failing, "test")) {
            Assertions.assertThatThrownBy(stream::hasNext)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("disk on fire");
        }
    }

    private static List<Double> channelOneValues(Iterator<Batch> batches) {
        List<Double> values = new ArrayList<>();
        batches.forEachRemaining(batch -> {
            for (int k = 0; k < batch.size(); k++) {
                values.add(batch.features().getDouble(k, 1, 0, 0));
            }
        });
        return values;
    }
}
