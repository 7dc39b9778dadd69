package dev.samlab.runner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.runner.cli.SamLab;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The benchmark runs and reports every optimizer; its figures are for people to read, not asserted. */
class BenchCommandTest {

    @Test
    void resNet20ShapesHoldItsKnownParameterCount() {
        long total = ResNet20Shapes.shapes().values().stream()
                .mapToLong(shape -> Arrays.stream(shape).reduce(1, (a, b) -> a * b)).sum();

        assertThat(total).isEqualTo(269_722);
        assertThat(ResNet20Shapes.shapes()).hasSize(59);
    }

    @Test
    void printsOneRowPerOptimizer() {
        StringWriter out = new StringWriter();
        var commandLine = SamLab.commandLine();
        commandLine.setOut(new PrintWriter(out, true));

        int code = commandLine.execute("bench", "optimizers", "--steps", "2", "--warmup", "1",
                "--plugins", "/nonexistent", "--optimizer", "sgd", "--optimizer", "{ name: sam, base: { name: sgd } }");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("269,722 parameters (59 tensors)")
                .containsPattern("(?m)^sgd\\s+\\d+\\.\\d{3}")
                .containsPattern("(?m)^\\{ name: sam, base: \\{ name: sgd \\} \\}\\s+\\d+\\.\\d{3}")
                .contains("of 2 x 454 ms");
    }

    @Test
    void thePipelineBenchmarkReportsImagesPerSecond() {
        StringWriter out = new StringWriter();
        var commandLine = SamLab.commandLine();
        commandLine.setOut(new PrintWriter(out, true));

        int code = commandLine.execute("bench", "pipeline", "--images", "600", "--passes", "1", "--cutout", "8");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("cutout=8").containsPattern("one thread:\\s+[\\d,]+ images/s")
                .containsPattern("to ND4J:\\s+[\\d,]+ images/s");
    }
}
