package dev.samlab.runner.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's memory: resident now and at its peak (Linux's {@code /proc/self/status}; NaN elsewhere), and the
 * Java heap in use and committed. What is resident beyond the committed heap is native: ND4J's arrays (which its
 * CPU backend does not count anywhere a Java program can read), the JVM's own, the libraries.
 */
record ResidentMemory(double residentGiB, double peakResidentGiB, double heapGiB, double heapCommittedGiB) {

    private static final double GIB = 1 << 30;

    static ResidentMemory now() {
        Runtime runtime = Runtime.getRuntime();
        return new ResidentMemory(
                status("VmRSS:"),
                status("VmHWM:"),
                (runtime.totalMemory() - runtime.freeMemory()) / GIB,
                runtime.totalMemory() / GIB);
    }

    /** Resident memory outside the committed Java heap. */
    double nativeGiB() {
        return residentGiB - heapCommittedGiB;
    }

    /** A line of /proc/self/status, in kB there, in GiB here. */
    private static double status(String key) {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return Double.NaN;
        }
        try {
            return Files.readAllLines(status).stream()
                    .filter(l -> l.startsWith(key))
                    .mapToDouble(l -> Double.parseDouble(l.replaceAll("[^0-9]", "")) * 1024 / GIB)
                    .findFirst()
                    .orElse(Double.NaN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
