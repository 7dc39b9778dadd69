package dev.samlab.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.optimizer.StepReport;
import dev.samlab.runner.data.LabelNoiseCount;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CheckpointsTest {

    private static final String CONFIG = "name: tiny\nseed: 3\n";
    private static final RunManifest MANIFEST = new RunManifest(
            "1.2.0",
            List.of(
                    new RunManifest.PluginUse("dataset", "synthetic", "1.2.0", "samlab-datasets-1.2.0.jar"),
                    new RunManifest.PluginUse("optimizer", "my-gsam", "0.9.1", "my-gsam-0.9.1.jar"),
                    new RunManifest.PluginUse("optimizer", "adam", "1.2.0", "samlab-adam-plugin-1.2.0.jar")),
            new LabelNoiseCount(0.4, "symmetric", 7, 18_011, 45_000, 1_990, 5_000));

    @TempDir
    Path folder;

    /** A model whose state is a few bytes, and whose save can be made to fail half-way. */
    private static final class TinyModel implements Model {
        byte[] state = {1, 2, 3};
        boolean failHalfWay;

        @Override
        public Parameters parameters() {
            return new Parameters(List.of());
        }

        @Override
        public Objective objective(Batch batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Evaluation evaluate(Batch batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public INDArray predict(INDArray features) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void save(OutputStream out) throws IOException {
            out.write(state, 0, failHalfWay ? 1 : state.length);
            if (failHalfWay) {
                throw new IOException("No space left on device");
            }
        }

        @Override
        public void load(InputStream in) throws IOException {
            state = in.readAllBytes();
        }
    }

    private static final class StatefulOptimizer implements Optimizer {
        Map<String, INDArray> state = Map.of("step", Nd4j.scalar(7L), "m/w", Nd4j.createFromArray(1.5f, -2f));

        @Override
        public StepReport step(Parameters parameters, Objective objective, StepContext context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, INDArray> state() {
            return state;
        }

        @Override
        public void restoreState(Map<String, INDArray> restored) {
            state = restored;
        }
    }

    @Test
    void savesAndRestoresModelOptimizerAndProgress() throws IOException {
        Checkpoints checkpoints = new Checkpoints(folder.resolve("checkpoint"), CONFIG, MANIFEST);
        Progress progress =
                new Progress(2, 5, 45, 90, 12.5, new Progress.Totals(3.0, 100, 250, 5, 90), List.of("1,2,3"));
        checkpoints.save(new TinyModel(), new StatefulOptimizer(), progress);

        TinyModel model = new TinyModel();
        model.state = new byte[0];
        StatefulOptimizer optimizer = new StatefulOptimizer();
        optimizer.state = Map.of();
        Progress restored = checkpoints.restore(model, optimizer).orElseThrow();

        assertThat(restored).isEqualTo(progress);
        assertThat(model.state).containsExactly(1, 2, 3);
        assertThat(optimizer.state).containsOnlyKeys("step", "m/w");
        assertThat(optimizer.state.get("m/w").toFloatVector()).containsExactly(1.5f, -2f);
    }

    @Test
    void aCheckpointCarriesItsConfigAndWhatBuiltIt() throws IOException {
        Checkpoints checkpoints = new Checkpoints(folder.resolve("checkpoint"), CONFIG, MANIFEST);
        checkpoints.save(new TinyModel(), new StatefulOptimizer(), Progress.START);
        Path copied = Files.copy(checkpoints.file(), folder.resolve("elsewhere.ckpt"));

        assertThat(Checkpoints.configOf(copied)).contains(CONFIG);
        assertThat(Checkpoints.manifestOf(copied)).contains(MANIFEST);
    }

    @Test
    void changedSoftwareIsNamedPluginByPlugin() {
        RunManifest now = new RunManifest(
                "1.3.0",
                List.of(
                        new RunManifest.PluginUse("dataset", "synthetic", "1.3.0", "samlab-datasets-1.3.0.jar"),
                        new RunManifest.PluginUse("optimizer", "my-gsam", "0.9.1", "my-gsam-0.9.1.jar"),
                        new RunManifest.PluginUse("optimizer", "adam", "1.3.0", "samlab-adam-plugin-1.3.0.jar")),
                null);

        assertThat(MANIFEST.changesTo(MANIFEST)).isEmpty();
        assertThat(MANIFEST.changesTo(now))
                .containsExactly(
                        "SamLab 1.2.0, now 1.3.0",
                        "dataset synthetic 1.2.0, now 1.3.0 (samlab-datasets-1.3.0.jar)",
                        "optimizer adam 1.2.0, now 1.3.0 (samlab-adam-plugin-1.3.0.jar)");
    }

    @Test
    void aCheckpointFromBeforeTheManifestStillLoads() throws IOException {
        Path old = folder.resolve("old.ckpt");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(old))) {
            zip.putNextEntry(new ZipEntry("progress.json"));
            zip.write(new ObjectMapper().writeValueAsBytes(Progress.START));
            zip.putNextEntry(new ZipEntry("model.bin"));
            zip.write(new byte[] {4, 5});
        }
        TinyModel model = new TinyModel();

        Checkpoints.loadModel(old, model);

        assertThat(model.state).containsExactly(4, 5);
        assertThat(Checkpoints.configOf(old)).isEmpty();
        assertThat(Checkpoints.manifestOf(old)).isEmpty();
    }

    @Test
    void aFailureWhileWritingLeavesThePreviousCheckpointIntact() throws IOException {
        Checkpoints checkpoints = new Checkpoints(folder.resolve("checkpoint"), CONFIG, MANIFEST);
        checkpoints.save(new TinyModel(), new StatefulOptimizer(), Progress.START);
        byte[] before = Files.readAllBytes(checkpoints.file());
        TinyModel failing = new TinyModel();
        failing.failHalfWay = true;

        assertThatThrownBy(() -> checkpoints.save(failing, new StatefulOptimizer(), Progress.START))
                .hasMessageContaining("No space left on device");

        assertThat(Files.readAllBytes(checkpoints.file())).isEqualTo(before);
        assertThat(folder.resolve("checkpoint").toFile().list())
                .containsExactly(checkpoints.file().getFileName().toString());
    }

    @Test
    void noCheckpointMeansNothingToRestore() throws IOException {
        assertThat(new Checkpoints(folder, CONFIG, MANIFEST).restore(new TinyModel(), new StatefulOptimizer()))
                .isEmpty();
    }
}
