package dev.samlab.runner.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.data.LabelNoise;
import dev.samlab.runner.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LabelCorruptionTest {

    private static final List<String> CIFAR10 =
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** 5,000 images of each of 10 classes, in class order: 50,000, as CIFAR-10's training split. */
    private static int[] balancedLabels() {
        int[] labels = new int[50_000];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        return labels;
    }

    /** Whether {@code count} of {@code n} trials is within 5 standard deviations of a binomial with success p. */
    private static void assertBinomial(long count, long n, double p) {
        double mean = n * p;
        double sd = Math.sqrt(n * p * (1 - p));
        assertThat((double) count)
                .as("%d of %d, expected %.0f ± %.0f", count, n, mean, 5 * sd)
                .isBetween(mean - 5 * sd, mean + 5 * sd);
    }

    @Test
    void symmetricNoiseChangesTheFractionAskedForToEachOtherClassAlike() {
        int[] clean = balancedLabels();

        int[] noisy = LabelCorruption.corrupt(clean, CIFAR10, new LabelNoise(0.4, "symmetric", 7L, null));

        // a label is never "changed" onto itself: the whole fraction changes (drawing from all classes would give 0.36)
        long changed = 0;
        long[][] transitions = new long[10][10];
        for (int i = 0; i < clean.length; i++) {
            transitions[clean[i]][noisy[i]]++;
            changed += clean[i] != noisy[i] ? 1 : 0;
        }
        assertBinomial(changed, clean.length, 0.4);
        for (int from = 0; from < 10; from++) {
            assertBinomial(transitions[from][from], 5_000, 0.6);
            for (int to = 0; to < 10; to++) {
                if (to != from) {
                    assertBinomial(transitions[from][to], 5_000, 0.4 / 9);
                }
            }
        }
        assertThat(clean).as("the clean labels are left as they were").isEqualTo(balancedLabels());
    }

    @Test
    void asymmetricNoiseFollowsPatriniEtAlsCifar10MapExactly() {
        int[] clean = balancedLabels();

        int[] noisy = LabelCorruption.corrupt(clean, CIFAR10, new LabelNoise(0.4, "asymmetric", 7L, null));

        Map<String, String> expected =
                Map.of("truck", "automobile", "bird", "airplane", "deer", "horse", "cat", "dog", "dog", "cat");
        Map<String, Long> changedPerClass = new HashMap<>();
        for (int i = 0; i < clean.length; i++) {
            String from = CIFAR10.get(clean[i]);
            if (noisy[i] != clean[i]) {
                assertThat(CIFAR10.get(noisy[i])).as("image %d, a %s", i, from).isEqualTo(expected.get(from));
                changedPerClass.merge(from, 1L, Long::sum);
            }
        }
        assertThat(changedPerClass.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        changedPerClass.values().forEach(count -> assertBinomial(count, 5_000, 0.4));
    }

    @Test
    void asymmetricNoiseOnDigitsFollowsPatriniEtAlsMnistMap() {
        int[] clean = balancedLabels();

        int[] noisy = LabelCorruption.corrupt(clean, DIGITS, new LabelNoise(0.3, "asymmetric", 1L, null));

        Map<Integer, Integer> expected = Map.of(2, 7, 3, 8, 5, 6, 6, 5, 7, 1);
        for (int i = 0; i < clean.length; i++) {
            if (noisy[i] != clean[i]) {
                assertThat(noisy[i]).as("image %d, a %d", i, clean[i]).isEqualTo(expected.get(clean[i]));
            }
        }
        for (int digit : expected.keySet()) {
            int d = digit;
            long changed = java.util.stream.IntStream.range(0, clean.length)
                    .filter(i -> clean[i] == d && noisy[i] != d)
                    .count();
            assertBinomial(changed, 5_000, 0.3);
        }
    }

    @Test
    void aGivenMapReplacesTheBuiltInOneAndNamesClassesByName() {
        int[] clean = balancedLabels();

        int[] noisy = LabelCorruption.corrupt(
                clean, CIFAR10, new LabelNoise(0.5, "asymmetric", 3L, Map.of("ship", "airplane")));

        for (int i = 0; i < clean.length; i++) {
            if (noisy[i] != clean[i]) {
                assertThat(CIFAR10.get(clean[i]) + "->" + CIFAR10.get(noisy[i])).isEqualTo("ship->airplane");
            }
        }
        assertThat(Arrays.stream(noisy).filter(label -> label != 0).count()).isLessThan(45_000);
    }

    @Test
    void eachImagesDrawDependsOnlyOnTheNoiseSeedAndItsPlaceSoSmallerFractionsAndPrefixesAgree() {
        int[] clean = balancedLabels();
        LabelNoise forty = new LabelNoise(0.4, "symmetric", 7L, null);

        int[] noisy = LabelCorruption.corrupt(clean, CIFAR10, forty);

        assertThat(LabelCorruption.corrupt(clean, CIFAR10, forty)).isEqualTo(noisy);
        assertThat(LabelCorruption.corrupt(Arrays.copyOf(clean, 1000), CIFAR10, forty))
                .as("trainLimit keeps the first images' labels")
                .isEqualTo(Arrays.copyOf(noisy, 1000));
        int[] twenty = LabelCorruption.corrupt(clean, CIFAR10, new LabelNoise(0.2, "symmetric", 7L, null));
        for (int i = 0; i < clean.length; i++) {
            if (twenty[i] != clean[i]) {
                assertThat(noisy[i])
                        .as("20 %% noise is part of 40 %%, image %d", i)
                        .isEqualTo(twenty[i]);
            }
        }
        assertThat(LabelCorruption.corrupt(clean, CIFAR10, new LabelNoise(0.4, "symmetric", 8L, null)))
                .as("another noise seed")
                .isNotEqualTo(noisy);
    }

    @Test
    void anotherProcessDrawsTheSameLabels() throws Exception {
        Process other = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        PrintCorruptedLabels.class.getName())
                .redirectErrorStream(true)
                .start();
        assertThat(other.waitFor(1, TimeUnit.MINUTES)).isTrue();
        String printed = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();

        assertThat(printed).isEqualTo(PrintCorruptedLabels.digest());
    }

    /** Run in another JVM by the test above: prints a digest of labels corrupted by every kind of noise. */
    public static final class PrintCorruptedLabels {
        public static void main(String[] args) throws IOException {
            System.out.println(digest());
        }

        static String digest() {
            int[] clean = balancedLabels();
            return Arrays.hashCode(LabelCorruption.corrupt(clean, CIFAR10, new LabelNoise(0.4, null, 7L, null)))
                    + " "
                    + Arrays.hashCode(
                            LabelCorruption.corrupt(clean, CIFAR10, new LabelNoise(0.4, "asymmetric", 7L, null)))
                    + " "
                    + Arrays.hashCode(LabelCorruption.corrupt(
                            clean, DIGITS, new LabelNoise(0.2, "asymmetric", 9L, Map.of("1", "7", "7", "1"))));
        }
    }

    @Test
    void aDatasetWithoutAClassMapOrAMapNamingNoClassOfItIsRefusedNamingTheKey() {
        int[] labels = {0, 1, 2};
        List<String> shapes = List.of("circle", "square", "star");

        assertThatThrownBy(() -> LabelCorruption.corrupt(labels, shapes, new LabelNoise(0.4, "asymmetric", 0L, null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("dataset.labelNoise.kind: asymmetric noise needs a class map")
                .hasMessageContaining("[circle, square, star]")
                .hasMessageContaining("dataset.labelNoise.map, such as {circle: star}");
        assertThatThrownBy(() -> LabelCorruption.corrupt(
                        labels, shapes, new LabelNoise(0.4, "asymmetric", 0L, Map.of("circle", "hexagon"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("dataset.labelNoise.map: 'hexagon' is not a class of this dataset; its classes are"
                        + " [circle, square, star]");
        assertThatThrownBy(() -> LabelCorruption.corrupt(
                        labels, shapes, new LabelNoise(0.4, "asymmetric", 0L, Map.of("star", "star"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("dataset.labelNoise.map.star: maps the class onto itself");
    }
}
