package dev.samlab.runner.sharpness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sharpness.json is one record, written and read by the same code. */
class SharpnessMeasurementTest {

    @TempDir
    Path folder;

    private static final SharpnessMeasurement MEASURED = new SharpnessMeasurement(
            2000,
            "training",
            0.31,
            12.5,
            14,
            true,
            140.2,
            3.1,
            new SharpnessMeasurement.WorstCase(0.05, 0.02, 0.025, 5),
            new SharpnessMeasurement.AdaptiveWorstCase(0.5, 0.01, 0.03, 0.04, 5),
            new SharpnessMeasurement.Average(0.05, 0.001, 0.0002, 10),
            1e-4,
            71,
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            SharpnessReport.Settings.DEFAULTS);

    @Test
    void whatIsWrittenReadsBackAsTheSameMeasurementUnderItsDocumentedKeys() throws IOException {
        Path file = folder.resolve("sharpness.json");

        MEASURED.write(file);

        assertThat(SharpnessMeasurement.read(file)).isEqualTo(MEASURED);
        var json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("lambdaMax").asDouble()).isEqualTo(12.5);
        assertThat(json.get("worstCaseSharpness").get("projectedAscent").asDouble())
                .isEqualTo(0.025);
        assertThat(json.get("checkpointSha256").asText()).startsWith("9f86d0");
        assertThat(json.get("settings").get("iterations").asInt()).isEqualTo(20);
        assertThat(MEASURED.describe()).contains("lambdaMax").contains("\"projectedAscent\":0.025");
    }

    @Test
    void aFileSamlabDidNotWriteIsNamed() throws IOException {
        Path other = Files.writeString(folder.resolve("sharpness.json"), "{\"accuracy\": 0.9}");
        Path broken = Files.writeString(folder.resolve("broken.json"), "{\"lambdaMax\": ");

        assertThatThrownBy(() -> SharpnessMeasurement.read(other))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(other + " holds no lambdaMax");
        assertThatThrownBy(() -> SharpnessMeasurement.read(broken))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(broken + " is not a sharpness.json");
    }
}
