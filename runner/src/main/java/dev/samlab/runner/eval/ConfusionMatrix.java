package dev.samlab.runner.eval;

/** Counts of (true class, predicted class) over a test split. */
public final class ConfusionMatrix {

    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        this.counts = new long[classes][classes];
    }

    public void add(int actual, int predicted) {
        counts[actual][predicted]++;
    }

    public int classes() {
        return counts.length;
    }

    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    public long total() {
        long total = 0;
        for (long[] row : counts) {
            for (long c : row) {
                total += c;
            }
        }
        return total;
    }

    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return (double) correct / total();
    }

    /** Recall of class {@code c}: the share of its images predicted as it; NaN when it has none. */
    public double classAccuracy(int c) {
        long examples = 0;
        for (long n : counts[c]) {
            examples += n;
        }
        return examples == 0 ? Double.NaN : (double) counts[c][c] / examples;
    }
}
