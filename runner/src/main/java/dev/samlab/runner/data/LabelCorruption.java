package dev.samlab.runner.data;

import dev.samlab.api.data.LabelNoise;
import dev.samlab.runner.config.ConfigException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws the corrupted labels {@code dataset.labelNoise} asks for. Image i's draw comes from a generator seeded by
 * the noise's seed, the dataset's class names and i alone, so the labels are the same in every process and every
 * run of a comparison, and a smaller {@code trainLimit} keeps the draws of the images it keeps. Each image draws a
 * uniform u; its label changes when {@code u < fraction}, so the images a fraction of 0.2 corrupts are among those
 * 0.4 does (with the same new labels).
 */
final class LabelCorruption {

    private static final String KEY = "dataset.labelNoise";

    private LabelCorruption() {}

    /** The labels after corruption; {@code labels} is left as it is. */
    static int[] corrupt(int[] labels, List<String> classNames, LabelNoise noise) {
        int[] becomes = noise.kind().equals(LabelNoise.ASYMMETRIC) ? classMap(classNames, noise) : null;
        if (becomes == null && classNames.size() < 2) {
            throw new ConfigException(KEY + ".kind", "symmetric noise needs at least two classes, the dataset has one");
        }
        long stream = noise.seed() * 0x9E3779B97F4A7C15L + classNames.hashCode();
        int[] noisy = labels.clone();
        for (int i = 0; i < labels.length; i++) {
            SplittableRandom draw = new SplittableRandom(stream + i);
            if (draw.nextDouble() >= noise.fraction()) {
                continue;
            }
            int label = labels[i];
            if (becomes == null) {
                int other = draw.nextInt(classNames.size() - 1); // any class but its own, uniformly
                noisy[i] = other >= label ? other + 1 : other;
            } else if (becomes[label] >= 0) {
                noisy[i] = becomes[label];
            }
        }
        return noisy;
    }

    /** For each class, the class asymmetric noise turns it into, or -1 where it leaves the class alone. */
    private static int[] classMap(List<String> classNames, LabelNoise noise) {
        Map<String, String> map = noise.classMap(classNames);
        if (map.isEmpty()) {
            throw new ConfigException(
                    KEY + ".kind",
                    "asymmetric noise needs a class map: SamLab has Patrini et al.'s for CIFAR-10's classes and for the"
                            + " digits 0-9, not for this dataset's " + classNames + "; give one as " + KEY
                            + ".map, such as {" + classNames.get(0) + ": " + classNames.get(classNames.size() - 1)
                            + "}");
        }
        int[] becomes = new int[classNames.size()];
        Arrays.fill(becomes, -1);
        map.forEach((from, to) -> {
            int source = classIndex(classNames, from);
            int target = classIndex(classNames, to);
            if (source == target) {
                throw new ConfigException(KEY + ".map." + from, "maps the class onto itself");
            }
            becomes[source] = target;
        });
        return becomes;
    }

    private static int classIndex(List<String> classNames, String name) {
        int index = classNames.indexOf(name);
        if (index < 0) {
            throw new ConfigException(
                    KEY + ".map", "'" + name + "' is not a class of this dataset; its classes are " + classNames);
        }
        return index;
    }
}
