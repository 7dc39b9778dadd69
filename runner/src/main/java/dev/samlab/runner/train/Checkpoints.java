package dev.samlab.runner.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samlab.api.model.Model;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.runner.config.ConfigException;
import dev.samlab.runner.io.AtomicFile;
import dev.samlab.runner.io.HeapFullException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's checkpoint, {@code checkpoint/last.ckpt}: a zip of the resolved config, the {@link RunManifest} (what
 * built the run), the progress, the model's full state and the optimizer's state. It is written atomically ({@link AtomicFile}): a crash while writing leaves the previous
 * checkpoint as it was. Writing it is what commits an epoch: the run's other files are derived from it.
 */
public final class Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final String CONFIG = "config.yaml";
    private static final String MANIFEST = "manifest.json";
    private static final String PROGRESS = "progress.json";
    private static final String MODEL = "model.bin";
    private static final String OPTIMIZER = "optimizer/";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Far above any config, manifest or progress entry: a larger one would only fill the heap. */
    private static final int MAX_SMALL_ENTRY = 16 << 20;

    private final Path folder;
    private final String config;
    private final RunManifest manifest;

    /**
     * @param config   the run's resolved config, as in its {@code config.yaml}
     * @param manifest what built the run's parts
     */
    public Checkpoints(Path folder, String config, RunManifest manifest) {
        this.folder = folder;
        this.config = config;
        this.manifest = manifest;
    }

    Path file() {
        return folder.resolve("last.ckpt");
    }

    void save(Model model, Optimizer optimizer, Progress progress) throws IOException {
        Files.createDirectories(folder);
        AtomicFile.write(file(), out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.putNextEntry(new ZipEntry(CONFIG));
            zip.write(config.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.putNextEntry(new ZipEntry(PROGRESS));
            zip.write(JSON.writeValueAsBytes(progress));
            zip.putNextEntry(new ZipEntry(MODEL));
            model.save(zip);
            for (Map.Entry<String, INDArray> entry : optimizer.state().entrySet()) {
                zip.putNextEntry(new ZipEntry(OPTIMIZER + entry.getKey()));
                Nd4j.write(entry.getValue(), new DataOutputStream(zip));
            }
            zip.finish();
        });
    }

    /** Where a run folder keeps its checkpoint. */
    public static Path fileOf(Path runFolder) {
        return runFolder.resolve("checkpoint").resolve("last.ckpt");
    }

    /** The SHA-256 of a checkpoint file's bytes, in hex: which checkpoint a measurement was made on. */
    public static String sha256Of(Path checkpoint) throws IOException {
        try (InputStream in = Files.newInputStream(checkpoint)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The progress a run folder's checkpoint records; empty when it has none. */
    public static Optional<Progress> progressOf(Path runFolder) throws IOException {
        Path file = fileOf(runFolder);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return Optional.of(JSON.readValue(read(zip, PROGRESS), Progress.class));
        } catch (IOException | RuntimeException e) {
            throw damaged(file, e);
        }
    }

    /** The resolved config a checkpoint file carries; empty for checkpoints written before SamLab stored it. */
    public static Optional<String> configOf(Path checkpoint) throws IOException {
        return optionalEntry(checkpoint, CONFIG).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** What built the run a checkpoint file holds; empty for checkpoints written before SamLab stored it. */
    public static Optional<RunManifest> manifestOf(Path checkpoint) throws IOException {
        Optional<byte[]> bytes = optionalEntry(checkpoint, MANIFEST);
        try {
            return bytes.isEmpty() ? Optional.empty() : Optional.of(JSON.readValue(bytes.get(), RunManifest.class));
        } catch (IOException e) {
            throw damaged(checkpoint, e);
        }
    }

    /** Logs what changed in the software since {@code checkpoint} was written, if anything did. */
    public static void warnOfChanges(Path checkpoint, RunManifest now) throws IOException {
        manifestOf(checkpoint)
                .ifPresent(then -> then.changesTo(now)
                        .forEach(change ->
                                LOG.warn("{} was written by other software than runs now: {}", checkpoint, change)));
    }

    private static Optional<byte[]> optionalEntry(Path checkpoint, String name) throws IOException {
        try (ZipFile zip = new ZipFile(checkpoint.toFile())) {
            return zip.getEntry(name) == null ? Optional.empty() : Optional.of(read(zip, name));
        } catch (IOException | RuntimeException e) {
            throw damaged(checkpoint, e);
        }
    }

    /** Loads a checkpoint file's model state into {@code model}, for evaluation. */
    public static void loadModel(Path checkpoint, Model model) throws IOException {
        try (ZipFile zip = new ZipFile(checkpoint.toFile());
                InputStream in = zip.getInputStream(entry(zip, MODEL))) {
            model.load(in);
        } catch (IOException | RuntimeException e) {
            throw damaged(checkpoint, e);
        } catch (OutOfMemoryError e) {
            throw new HeapFullException("reading the model in " + checkpoint, e);
        }
    }

    /** Loads the last checkpoint into {@code model} and {@code optimizer}; empty if there is none. */
    Optional<Progress> restore(Model model, Optimizer optimizer) throws IOException {
        if (!Files.exists(file())) {
            return Optional.empty();
        }
        warnOfChanges(file(), manifest);
        try (ZipFile zip = new ZipFile(file().toFile())) {
            Progress progress = JSON.readValue(read(zip, PROGRESS), Progress.class);
            try (InputStream in = zip.getInputStream(entry(zip, MODEL))) {
                model.load(in);
            }
            Map<String, INDArray> state = new LinkedHashMap<>();
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (entry.getName().startsWith(OPTIMIZER)) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        state.put(entry.getName().substring(OPTIMIZER.length()), Nd4j.read(new DataInputStream(in)));
                    }
                }
            }
            optimizer.restoreState(state);
            return Optional.of(progress);
        } catch (IOException | RuntimeException e) {
            throw damaged(file(), e);
        } catch (OutOfMemoryError e) {
            throw new HeapFullException("reading the model and optimizer state in " + file(), e);
        }
    }

    /** A checkpoint that cannot be read is a bad input, named with what is wrong and the way out. */
    private static ConfigException damaged(Path file, Exception e) {
        String what = e instanceof ZipException
                ? "not a complete zip archive: the file is truncated or damaged"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ConfigException(
                file.toString(),
                "not a readable checkpoint (" + what + "); start the run over"
                        + " with --force, or put back a good copy of the file");
    }

    /** Reads a small entry (config, manifest, progress), refusing one larger than any SamLab writes. */
    private static byte[] read(ZipFile zip, String name) throws IOException {
        try (InputStream in = zip.getInputStream(entry(zip, name))) {
            byte[] bytes = in.readNBytes(MAX_SMALL_ENTRY + 1);
            if (bytes.length > MAX_SMALL_ENTRY) {
                throw new IOException("its " + name + " entry holds more than " + (MAX_SMALL_ENTRY >> 20)
                        + " MiB, far more than SamLab writes there: it is not SamLab's");
            }
            return bytes;
        }
    }

    private static ZipEntry entry(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IOException("no " + name + " entry");
        }
        return entry;
    }
}
