package dev.samlab.runner.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

/** "Did you mean" for misspelt names and keys. */
final class Suggestions {

    /** Jaro-Winkler weighs transposed letters ("adma") and shared prefixes ("optimiser") as typos do. */
    private static final JaroWinklerSimilarity SIMILARITY = new JaroWinklerSimilarity();

    private static final double PLAUSIBLE_TYPO = 0.85;

    private Suggestions() {}

    /** The candidate closest to {@code typed}, if it is close enough to be a plausible typo. */
    static Optional<String> closest(String typed, Collection<String> candidates) {
        return candidates.stream()
                .filter(c -> similarity(typed, c) >= PLAUSIBLE_TYPO)
                .max(Comparator.comparingDouble(c -> similarity(typed, c)));
    }

    /** {@code "; did you mean 'adam'?"}, or nothing. */
    static String didYouMean(String typed, Collection<String> candidates) {
        return closest(typed, candidates)
                .map(c -> "; did you mean '" + c + "'?")
                .orElse("");
    }

    private static double similarity(String a, String b) {
        return SIMILARITY.apply(a.toLowerCase(Locale.ROOT), b.toLowerCase(Locale.ROOT));
    }
}
