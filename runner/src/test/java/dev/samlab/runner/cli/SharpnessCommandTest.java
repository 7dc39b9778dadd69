package dev.samlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharpnessCommandTest {

    @TempDir
    Path folder;

    @Test
    void measuresARunsCheckpointAndLeavesItUntouched() throws IOException {
        Path config = Files.writeString(folder.resolve("run.yaml"), TrainCommandTest.SYNTHETIC_RUN);
        Path run = folder.resolve("run");
        CommandLineRun.train(config, run);
        byte[] checkpoint = Files.readAllBytes(run.resolve("checkpoint/last.ckpt"));

        CommandLineRun sharpness = CommandLineRun.of(
                "sharpness",
                run.toString(),
                "--samples",
                "200",
                "--batch",
                "100",
                "--iterations",
                "3",
                "--trace-samples",
                "2",
                "--ascent-steps",
                "2",
                "--random-samples",
                "2",
                "--plugins",
                folder.resolve("none").toString());

        assertThat(sharpness.exitCode()).as(sharpness.err()).isZero();
        JsonNode results =
                new ObjectMapper().readTree(run.resolve("sharpness.json").toFile());
        assertThat(results.get("images").asInt()).isEqualTo(200);
        assertThat(results.get("mode").asText()).isEqualTo("inference");
        assertThat(results.get("lambdaMax").asDouble()).isPositive();
        assertThat(results.get("lambdaMaxIterations").asInt()).isBetween(2, 3);
        assertThat(results.get("trace").isNumber()).isTrue();
        assertThat(results.get("worstCaseSharpness").get("projectedAscent").asDouble())
                .isGreaterThanOrEqualTo(
                        results.get("worstCaseSharpness").get("oneStep").asDouble())
                .isPositive();
        assertThat(results.get("adaptiveWorstCaseSharpness").get("oneStep").asDouble())
                .isPositive();
        assertThat(results.get("averageSharpness").get("samples").asInt()).isEqualTo(2);
        assertThat(sharpness.out()).contains("lambdaMax").contains("sharpness.json");
        assertThat(Files.readAllBytes(run.resolve("checkpoint/last.ckpt"))).isEqualTo(checkpoint);
    }

    @Test
    void aBadSettingIsRefusedNamingItsOption() {
        CommandLineRun sharpness = CommandLineRun.of("sharpness", folder.toString(), "--rho", "-0.1");

        assertThat(sharpness.exitCode()).isEqualTo(2);
        assertThat(sharpness.err()).contains("--rho: expected a radius > 0, got -0.1");
    }
}
