package dev.samlab.runner.cli;

import dev.samlab.runner.report.Flatness;
import dev.samlab.runner.sharpness.SharpnessMeasurement;
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
     * {@code sharpness.json} records that very checkpoint (its SHA-256) measured with those defaults: file times can
     * lie, a copied or restored file keeps an old one, and a cheaper measurement is not the one the report names.
     */
    static Flatness of(PluginsAndData context, Path folder) throws IOException {
        Path measured = folder.resolve(SharpnessReport.FILE);
        if (!measures(measured, Checkpoints.sha256Of(Checkpoints.fileOf(folder)))) {
            try (TrainedRun trained = context.load(folder, null)) {
                SharpnessReport.measure(trained, SharpnessReport.Settings.DEFAULTS, false);
            }
        }
        return Flatness.read(measured);
    }

    private static boolean measures(Path measured, String checkpointSha256) {
        try {
            if (!Files.exists(measured)) {
                return false;
            }
            SharpnessMeasurement earlier = SharpnessMeasurement.read(measured);
            return checkpointSha256.equals(earlier.checkpointSha256())
                    && SharpnessReport.Settings.DEFAULTS.equals(earlier.settings());
        } catch (IOException unreadable) {
            return false; // measured again and replaced
        }
    }
}
