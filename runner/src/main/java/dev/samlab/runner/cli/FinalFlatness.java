package dev.samlab.runner.cli;

import dev.samlab.runner.report.Flatness;
import dev.samlab.runner.sharpness.SharpnessReport;
import dev.samlab.runner.train.Checkpoints;
import dev.samlab.runner.train.TrainedRun;
import dev.samlab.runner.wiring.PluginsAndData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The flatness of a run's final checkpoint, for {@code compare --sharpness} and {@code sweep --sharpness}. */
final class FinalFlatness {

    private FinalFlatness() {}

    /**
     * Measures the checkpoint in {@code folder} as {@code samlab sharpness} does with its defaults, unless the folder's
     * {@code sharpness.json} is newer than the checkpoint.
     */
    static Flatness of(PluginsAndData context, Path folder) throws IOException {
        Path measured = folder.resolve(SharpnessReport.FILE);
        if (!Files.exists(measured)
                || Files.getLastModifiedTime(measured).compareTo(Files.getLastModifiedTime(Checkpoints.fileOf(folder)))
                        < 0) {
            try (TrainedRun trained = context.load(folder, null)) {
                SharpnessReport.measure(trained, SharpnessReport.Settings.DEFAULTS);
            }
        }
        return Flatness.read(measured);
    }
}
